// Emergency access (break-glass, docs/API.md section 12) between the API, the chain and the kit code: the patient's
// setup (a fresh emergency key, its kit for the keyholders' chain keys, the chosen records' keys wrapped for it, the
// signed setup) and closures; a keyholder's approval with its share re-wrapped for the requester; the requester's
// signed request and, once the window is open, the emergency key rebuilt from the transfers. The screens are
// src/ui/emergency*.tsx. Who may do what is the chain's: the app reads requests and setups from EmergencyAccess's
// events and views through the user's own chain reader, never from the service's word.
import { PrivateKey, encrypt as eciesEncrypt, decrypt as eciesDecrypt } from 'eciesjs';
import { decodeAbiParameters, decodeFunctionResult, encodeFunctionData, getAddress, keccak256, parseAbi,
  stringToHex } from 'viem';
import { type ChainRequest, type Schemas, ApiProblem, api, follow, ok, problemOf, putWithProgress, succeeded }
  from './api/client';
import type { ChainReader } from './chain';
import { contractWalletSigned } from './contract-wallet';
import { type Hex, fromHex, toHex } from './crypto/bytes';
import { RecoveryRefused, type ShareTransfer, createKit, encodeKit, parseKit, recoverKey, recoveryDomain,
  shareTransferTypedData, transferShare, verifyTransfer } from './crypto/recovery-kit';
import { type Directory, requireEncryptionKey } from './directory';
import { InputError } from './problems';
import { type Wallet, signTypedData } from './wallet';

type Network = Schemas['NetworkResponse'];
type Update = (request: ChainRequest) => void;

/** The emergency kit's record category and media type (docs/FORMAT.md, "Emergency kit"). */
const KIT_CATEGORY = '4099';
const KIT_MEDIA_TYPE = 'application/vnd.healthkey.emergency-kit';
/** ETREAT, the one purpose of an emergency request. */
const ETREAT = '2';
/** How long a signature stays good: well inside the service's maximum, long enough to confirm in a wallet. */
const SIGNATURE_LIFETIME_SECONDS = 30 * 60;

const ABI = parseAbi([
  'function requestOf(address patient, address requester) view returns (uint32 round, uint64 requestedAt, uint8 approvals, uint16 approvalBits, bool settled, uint64 openUntil)',
]);
/** The events' topic 0 (IEmergencyAccess.sol), and their fields that are not indexed. */
const SETUP_CHANGED = keccak256(stringToHex('EmergencySetupChanged(address,address[],uint8,uint32,bytes32[],uint32)'));
const SETUP_FIELDS = [{ type: 'address[]' }, { type: 'uint8' }, { type: 'uint32' }, { type: 'bytes32[]' }] as const;
const REQUESTED = keccak256(stringToHex('EmergencyAccessRequested(address,address,uint16,bytes32,uint32,uint64)'));
/** An address as an indexed topic: 32 bytes, left-padded. */
const topicOf = (address: string): Hex => `0x${address.slice(2).toLowerCase().padStart(64, '0')}`;

const deadline = (): bigint => BigInt(Math.floor(Date.now() / 1000) + SIGNATURE_LIFETIME_SECONDS);

/** The EmergencyAccess typed-data schema GET /network serves; EMERGENCY-0020 for a deployment without one. */
function schemaOf(network: Network): Schemas['Eip712Schema'] & { address: Hex } {
  const schema = network.eip712.emergencyAccess;
  const address = network.contracts.emergencyAccess;
  if (!schema || !address) {
    throw new ApiProblem({ code: 'EMERGENCY-0020', title: 'No emergency access', status: 404, type: 'about:blank' });
  }
  return { ...schema, address: getAddress(address) };
}

/** Signs `message` as the API's `primaryType`, in its domain and types as served, untouched. */
function sign(wallet: Wallet, network: Network, primaryType: string, message: Record<string, unknown>): Promise<Hex> {
  const { domain, types } = schemaOf(network);
  return signTypedData(wallet, { domain, types, primaryType, message });
}

/** Share transfers are signed in guardian recovery's domain (API.md section 8). */
const domainOf = (network: Network) => recoveryDomain(network.chainId, network.contracts.recordRegistry);

async function nonceOf(account: string): Promise<string> {
  return ok(await api.GET('/api/v1/emergency/accounts/{account}/nonce', { params: { path: { account } } })).nonce;
}

/** The reader address of `key` (docs/FORMAT.md: EncryptionPublicKey.address()), which a record key is wrapped for. */
export const addressOfKey = (key: PrivateKey): Hex =>
  getAddress(`0x${keccak256(key.publicKey.toBytes(false).subarray(1)).slice(-40)}`);

export interface Setup {
  keyholders: string[];
  threshold: number;
  windowLength: number;
  /** The record ids an emergency opens: their keys are wrapped for the emergency key, and they are the scopes. */
  records: string[];
}

/**
 * The patient's setup: a fresh emergency key sealed in a kit for the keyholders' keys as the chain's directory holds
 * them, stored as a record of category 4099 and anchored; each chosen record's key wrapped for the emergency key; then
 * the signed setup, relayed. The emergency key leaves this function only inside the kit and the wrapped record keys.
 */
export async function setUpEmergencyAccess(wallet: Wallet, network: Network, directory: Directory, key: PrivateKey,
    s: Setup, update: Update): Promise<ChainRequest> {
  const patient = wallet.address;
  const guardians = await Promise.all(s.keyholders.map(async (address) =>
    ({ address, encryptionKey: await requireEncryptionKey(directory, address) })));
  const emergencyKey = new PrivateKey();
  const kit = await createKit({ key: emergencyKey, patient, chainId: network.chainId, guardians,
    threshold: s.threshold, createdAt: Math.floor(Date.now() / 1000) });
  const reservation = ok(await api.POST('/api/v1/records', { body: { patient, category: KIT_CATEGORY,
    mediaType: KIT_MEDIA_TYPE, wrappedKeys: {} } }));
  const stored = await putWithProgress(reservation.uploadUrl, new Blob([encodeKit(kit)]), () => {});
  // The service accepts a key for the emergency key only once the kit that names it is anchored.
  const anchored = await follow(stored.eventsUrl, update);
  if (anchored.status !== 'CONFIRMED') return anchored;
  const reader = addressOfKey(emergencyKey);
  for (const recordId of s.records) {
    const mine = ok(await api.GET('/api/v1/records/{recordId}/key', { params: { path: { recordId } } }));
    const recordKey = eciesDecrypt(key.secret, fromHex(mine.wrappedKey));
    succeeded(await api.POST('/api/v1/records/{recordId}/keys', { params: { path: { recordId } }, body: {
      reader, wrappedKey: toHex(eciesEncrypt(emergencyKey.publicKey.toBytes(true), recordKey)) } }));
  }
  const setup = { patient, keyholders: s.keyholders, threshold: String(s.threshold),
    windowLength: String(s.windowLength), scopes: s.records, nonce: await nonceOf(patient),
    deadline: String(deadline()) };
  const signature = await sign(wallet, network, 'EmergencySetup', setup);
  return follow(ok(await api.POST('/api/v1/emergency/setups', { body: { setup, signature } })).eventsUrl, update);
}

export type ReviewEntry = Schemas['EmergencyAccessEntry'];

export async function review(patient: string): Promise<ReviewEntry[]> {
  return ok(await api.GET('/api/v1/patients/{patient}/emergency-access', { params: { path: { patient } } }));
}

/** The patient closes `requester`'s open window, or its pending request. */
export async function close(wallet: Wallet, network: Network, requester: string, update: Update)
    : Promise<ChainRequest> {
  const closure = { patient: wallet.address, requester, nonce: await nonceOf(wallet.address),
    deadline: String(deadline()) };
  const signature = await sign(wallet, network, 'EmergencyClosure', closure);
  return follow(ok(await api.POST('/api/v1/emergency/closures', { body: { closure, signature } })).eventsUrl, update);
}

/** A request as the chain holds it now. */
export interface ChainEmergencyRequest {
  requester: Hex;
  round: number;
  requestedAt: number;
  approvals: number;
  settled: boolean;
  /** Unix seconds; zero when no window opened. */
  openUntil: number;
}

async function requestOf(reader: ChainReader, network: Network, patient: string, requester: Hex)
    : Promise<ChainEmergencyRequest> {
  const data = encodeFunctionData({ abi: ABI, functionName: 'requestOf', args: [getAddress(patient), requester] });
  const answer = await reader.request({ method: 'eth_call',
    params: [{ to: schemaOf(network).address, data }, 'latest'] });
  const [round, requestedAt, approvals, , settled, openUntil] =
    decodeFunctionResult({ abi: ABI, functionName: 'requestOf', data: answer });
  return { requester, round, requestedAt: Number(requestedAt), approvals, settled, openUntil: Number(openUntil) };
}

async function logsOf(reader: ChainReader, network: Network, topics: (Hex | null)[]) {
  return reader.request({ method: 'eth_getLogs', params: [{ address: schemaOf(network).address, topics,
    fromBlock: `0x${network.startBlock.toString(16)}`, toBlock: 'latest' }] });
}

/** How long keyholders may approve a request (EmergencyAccess.APPROVAL_PERIOD). */
const APPROVAL_PERIOD_SECONDS = 12 * 3600;

/**
 * The requests for `patient` a keyholder may still act on, read from the chain: those it may approve (no window
 * opened, not closed, in their approval period), and those whose window is open (its share may still be owed).
 */
export async function pendingRequests(reader: ChainReader, network: Network, patient: string)
    : Promise<ChainEmergencyRequest[]> {
  const logs = await logsOf(reader, network, [REQUESTED, null, topicOf(patient)]);
  const requesters = new Set(logs.map((log) => getAddress(`0x${log.topics[1]!.slice(26)}`)));
  const requests = await Promise.all([...requesters].map((r) => requestOf(reader, network, patient, r)));
  const now = Date.now() / 1000;
  return requests.filter((r) => r.round > 0
    && (r.openUntil > now || (!r.settled && r.requestedAt + APPROVAL_PERIOD_SECONDS > now)));
}

/** Refusals of an approval after which the keyholder's share may still be owed: it approved, or the window opened. */
const APPROVED_BEFORE = ['EMERGENCY-0015', 'EMERGENCY-0018'];

/**
 * A keyholder approves `request` and hands its share over, re-wrapped for the key the chain's directory holds for
 * the requester and signed as a ShareTransfer: the requester can use it only once the window opens. Approving again
 * after a share failed to go goes on to the share; the answer is then the approval's absence (undefined).
 */
export async function approve(wallet: Wallet, network: Network, directory: Directory, key: PrivateKey,
    patient: string, request: ChainEmergencyRequest, update: Update): Promise<ChainRequest | undefined> {
  const approval = { keyholder: wallet.address, patient, requester: request.requester, round: String(request.round),
    deadline: String(deadline()) };
  const signature = await sign(wallet, network, 'EmergencyApproval', approval);
  const relayed = await api.POST('/api/v1/emergency/approvals', { body: { approval, signature } });
  let approved: ChainRequest | undefined;
  if (relayed.data) {
    approved = await follow(relayed.data.eventsUrl, update);
    if (approved.status !== 'CONFIRMED') return approved;
  } else {
    const refused = problemOf(relayed.response.status, relayed.error);
    if (!APPROVED_BEFORE.includes(refused.code)) throw refused;
  }
  const kit = await emergencyKit(patient);
  const transfer = transferShare(kit, key, await requireEncryptionKey(directory, request.requester), deadline());
  const typed = shareTransferTypedData(domainOf(network), transfer);
  ok(await api.POST('/api/v1/emergency/patients/{patient}/requesters/{requester}/transfers', {
    params: { path: { patient, requester: request.requester } },
    body: { transfer, signature: await signTypedData(wallet, typed) } }));
  return approved;
}

async function emergencyKit(patient: string) {
  const bytes = ok(await api.GET('/api/v1/emergency/patients/{patient}/kit', { params: { path: { patient } },
    parseAs: 'arrayBuffer' }));
  return parseKit(new Uint8Array(bytes as ArrayBuffer));
}

/** The requester asks for emergency access; only `reason`'s keccak256 is signed and goes on chain. */
export async function requestAccess(wallet: Wallet, network: Network, patient: string, reason: string,
    update: Update): Promise<ChainRequest> {
  const request = { requester: wallet.address, patient: getAddress(patient), purpose: ETREAT,
    reasonHash: keccak256(stringToHex(reason)), nonce: await nonceOf(wallet.address), deadline: String(deadline()) };
  const signature = await sign(wallet, network, 'EmergencyRequest', request);
  return follow(ok(await api.POST('/api/v1/emergency/requests', { body: { request, reason, signature } })).eventsUrl,
    update);
}

/** The requester's own request for `patient`, as the chain holds it now. */
export const myRequest = (wallet: Wallet, network: Network, patient: string): Promise<ChainEmergencyRequest> =>
  requestOf(wallet.reader, network, patient, wallet.address);

/** The record ids the patient's current setup opens (its scopes that name one record), from its latest event. */
export async function emergencyRecords(reader: ChainReader, network: Network, patient: string): Promise<string[]> {
  const latest = (await logsOf(reader, network, [SETUP_CHANGED, topicOf(patient)])).at(-1);
  if (!latest) return [];
  const [, , , scopes] = decodeAbiParameters(SETUP_FIELDS, latest.data);
  return scopes.filter((scope) => BigInt(scope) >= 2n ** 96n);
}

/**
 * The emergency key, rebuilt once the window is open: the kit and the keyholders' transfers from the service, each
 * transfer checked (signed by a keyholder of this kit, for my key, not expired), then opened with my key. A transfer
 * that does not check out is never used: the failure is a sentence.
 */
export async function rebuildEmergencyKey(reader: ChainReader, network: Network, patient: string, key: PrivateKey)
    : Promise<PrivateKey> {
  const kit = await emergencyKit(patient);
  const transfers = ok(await api.GET('/api/v1/emergency/patients/{patient}/transfers', {
    params: { path: { patient } } }));
  const now = Math.floor(Date.now() / 1000);
  const mine = toHex(key.publicKey.toBytes(true));
  const domain = domainOf(network);
  try {
    const verified = await Promise.all(transfers.map((t) => {
      const transfer = t.transfer as ShareTransfer;
      const signature = t.signature as Hex;
      return verifyTransfer(kit, domain, transfer, signature, mine, now,
        contractWalletSigned(reader, domain, transfer, signature));
    }));
    return await recoverKey(kit, verified, key);
  } catch (failure) {
    if (!(failure instanceof RecoveryRefused)) throw failure;
    throw new InputError(`The keyholders' shares do not give the emergency key back (${failure.message}). Do not `
      + 'trust them; ask the keyholders to approve and send their shares again.');
  }
}
