// Guardian recovery of the encryption key (docs/API.md section 8, docs/FORMAT.md "Recovery kit"), between the API
// and the kit's cryptography (src/crypto/recovery-kit.ts): the patient stores a kit naming guardians whose keys the
// chain holds; on a new device it asks with a device key, checks every transfer itself and rebuilds the key; a
// guardian re-wraps its share for the device key and signs the transfer. The service only relays ciphertext.
import type { PrivateKey } from 'eciesjs';
import { del, get, set } from 'idb-keyval';
import { keccak256 } from 'viem';
import { ApiProblem, type ChainRequest, type Schemas, api, authorizedFetch, follow, ok, putWithProgress } from './api/client';
import type { ChainReader } from './chain';
import { contractWalletSigned } from './contract-wallet';
import { type Hex, fromHex } from './crypto/bytes';
import { cidOf } from './crypto/cid';
import { type StoredKey, publicKeyOf } from './crypto/keystore';
import { type Kit, KitInvalid, type ShareTransfer, createKit, encodeKit, parseKit, recoverKey,
  recoveryDomain, shareTransferTypedData, transferShare, verifyTransfer } from './crypto/recovery-kit';
import { type Directory, encryptionKeyOf, requireEncryptionKey } from './directory';
import { InputError } from './problems';
import type { RecordVersion } from './records';
import { type Wallet, signTypedData } from './wallet';

export type RecoveryRequest = Schemas['RecoveryRequestResponse'];
export type Transfer = Schemas['ShareTransferResponse'];
export type Network = Schemas['NetworkResponse'];

/** docs/CODES.md: the record category and media type of a recovery kit. */
export const KIT_CATEGORY = 4098;
const KIT_MEDIA_TYPE = 'application/vnd.healthkey.recovery-kit';

/** A guardian as a kit names it: its address and the encryption key the chain's directory holds for it. */
export interface Guardian { address: string; encryptionKey: string }

/**
 * A short form of a device key that the patient and a guardian read to each other: the first 80 bits of its
 * Keccak-256, in five groups of four hex digits. A forged request would need a key whose hash starts the same.
 */
export function fingerprint(publicKey: string): string {
  return keccak256(fromHex(publicKey)).slice(2, 22).toUpperCase().match(/.{4}/g)!.join(' ');
}

/** A guardian to add: an account other than the patient, with a key published on chain (never the service's word). */
export async function guardianOf(directory: Directory, patient: string, address: string): Promise<Guardian> {
  if (address.toLowerCase() === patient.toLowerCase()) throw new InputError('You cannot be your own guardian. Name someone else.');
  return { address, encryptionKey: await requireEncryptionKey(directory, address) };
}

/** The patient's current kit record: its newest anchored version of category 4098 that it wrote itself. */
export function currentKitRecord(records: RecordVersion[], patient: string): RecordVersion | undefined {
  return records.filter((r) => r.category === KIT_CATEGORY && r.cid && r.author.toLowerCase() === patient.toLowerCase())
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/**
 * Kit bytes as the service read them from the CID the chain anchored, checked here against that CID and against the
 * patient (and kit id) the caller expects.
 */
async function checkedKit(response: Response, cid: string | null, patient: string, kitId?: string): Promise<Kit> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (await cidOf(new Blob([bytes])) !== cid) throw new KitInvalid('the kit does not match its anchored CID');
  const kit = parseKit(bytes);
  if (kit.patient.toLowerCase() !== patient.toLowerCase() || (kitId && kit.kitId !== kitId.toLowerCase())) {
    throw new KitInvalid('the service served another kit than the one asked for');
  }
  return kit;
}

/** The patient's current kit (`GET /patients/{me}/recovery-kit`), checked; null while it has none anchored. */
export async function currentKit(account: string): Promise<Kit | null> {
  let response: Response;
  try {
    response = await authorizedFetch(`/api/v1/patients/${account}/recovery-kit`);
  } catch (error) {
    if (error instanceof ApiProblem && error.code === 'RECOVERY-0002') return null;
    throw error;
  }
  return checkedKit(response, response.headers.get('HealthKey-Cid'), account);
}

/**
 * Makes a kit of `key` for `guardians`, `threshold` of whom give it back, stores it as the patient's category 4098
 * record (superseding `previous`), and follows its anchor; the kit is current once the anchor is CONFIRMED.
 */
export async function storeKit(network: Network, patient: string, key: PrivateKey, guardians: Guardian[],
    threshold: number, previous: string | undefined, update: (request: ChainRequest) => void): Promise<ChainRequest> {
  const kit = await createKit({ key, patient, chainId: network.chainId, guardians, threshold });
  const bytes = encodeKit(kit);
  const reservation = ok(await api.POST('/api/v1/records', { body: { patient, category: String(KIT_CATEGORY),
    mediaType: KIT_MEDIA_TYPE, wrappedKeys: {}, ...(previous ? { supersedes: previous } : {}) } }));
  const accepted = await putWithProgress(reservation.uploadUrl, new Blob([bytes]), () => {});
  return follow(accepted.eventsUrl, update);
}

export const recoveryLog = async (patient: string): Promise<Schemas['RecoveryEventResponse'][]> =>
  ok(await api.GET('/api/v1/patients/{patient}/recovery-log', { params: { path: { patient } } }));

export const identityHistory = async (patient: string): Promise<Schemas['IdentityStepResponse'][]> =>
  ok(await api.GET('/api/v1/patients/{patient}/identity-history', { params: { path: { patient } } }));

/** A request's kit, checked against the CID, patient and kit id the request names. */
export async function requestKit(request: RecoveryRequest): Promise<Kit> {
  return checkedKit(await authorizedFetch(request.kitUrl), request.kitCid, request.patient, request.kitId);
}

// The patient's side, on the device that lost the key.

/** What this browser keeps while a recovery is under way: the request and the device key, under the passphrase. */
export interface PendingRecovery { requestId: string; deviceKey: StoredKey }
const pendingSlot = (account: string) => `recovery-request:${account.toLowerCase()}`;
export const pendingRecovery = (account: string): Promise<PendingRecovery | undefined> => get(pendingSlot(account));
export const forgetPendingRecovery = (account: string): Promise<void> => del(pendingSlot(account));

/** Asks the guardians of the current kit to re-wrap their shares for `deviceKey`, and keeps the request here. */
export async function requestRecovery(account: string, deviceKey: StoredKey): Promise<RecoveryRequest> {
  const request = ok(await api.POST('/api/v1/recovery/requests', { body: { devicePublicKey: deviceKey.publicKey } }));
  await set(pendingSlot(account), { requestId: request.id, deviceKey } satisfies PendingRecovery);
  return request;
}

export const recoveryRequest = async (requestId: string): Promise<RecoveryRequest> =>
  ok(await api.GET('/api/v1/recovery/requests/{requestId}', { params: { path: { requestId } } }));

/** A transfer, and whether this browser accepted it (the reason when not). */
export interface CheckedTransfer { transfer: Transfer; refused?: string }

/**
 * The request's transfers so far, each verified here against the kit (never taken on the service's word); a
 * contract-wallet guardian's signature (a passkey account's) is asked of its contract (ERC-1271) through `reader`.
 */
export async function collectTransfers(network: Network, reader: ChainReader, request: RecoveryRequest, kit: Kit)
    : Promise<CheckedTransfer[]> {
  const transfers = ok(await api.GET('/api/v1/recovery/requests/{requestId}/transfers',
    { params: { path: { requestId: request.id } } }));
  const now = Math.floor(Date.now() / 1000);
  const domain = recoveryDomain(network.chainId, network.contracts.recordRegistry);
  return Promise.all(transfers.map(async (transfer) => {
    const message = transfer.transfer as ShareTransfer;
    const signature = transfer.signature as Hex;
    try {
      await verifyTransfer(kit, domain, message, signature, request.devicePublicKey, now,
        contractWalletSigned(reader, domain, message, signature));
      return { transfer };
    } catch (failure) {
      return { transfer, refused: failure instanceof Error ? failure.message : String(failure) };
    }
  }));
}

/**
 * Rebuilds the key from verified transfers with the device key, and checks that it is the one the chain's directory
 * holds for the account: a key that opens nothing published is refused.
 */
export async function rebuildKey(kit: Kit, accepted: Transfer[], deviceKey: PrivateKey, directory: Directory,
    account: string): Promise<PrivateKey> {
  const key = await recoverKey(kit, accepted.map((t) => t.transfer as ShareTransfer), deviceKey);
  if (publicKeyOf(key) !== await encryptionKeyOf(directory, account)) {
    throw new InputError('The guardians\' shares rebuilt a key, but not the one published for your account. Make a new key instead.');
  }
  return key;
}

// The guardian's side.

export const guardianRequests = async (): Promise<RecoveryRequest[]> =>
  ok(await api.GET('/api/v1/recovery/guardian-requests'));

/** Opens my share of the request's kit with `key`, re-wraps it for the request's device key, signs and posts it. */
export async function handOverShare(wallet: Wallet, network: Network, key: PrivateKey, request: RecoveryRequest)
    : Promise<Transfer> {
  const kit = await requestKit(request);
  const deadline = BigInt(Math.floor(Date.parse(request.expiresAt) / 1000));
  const transfer = transferShare(kit, key, request.devicePublicKey, deadline);
  const signature = await signTypedData(wallet, shareTransferTypedData(
    recoveryDomain(network.chainId, network.contracts.recordRegistry), transfer));
  return ok(await api.POST('/api/v1/recovery/requests/{requestId}/transfers', {
    params: { path: { requestId: request.id } }, body: { transfer, signature } }));
}
