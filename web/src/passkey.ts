// A passkey account on the page: WebAuthn ceremonies in the browser (a discoverable P-256 credential with user
// verification and the PRF extension), the account address as the network's factory predicts it, and every
// signature an assertion (src/crypto/passkey-signature.ts). Every assertion also evaluates the PRF, whose output
// derives the encryption key (src/crypto/passkey-key.ts): no passphrase, no backup file, the same key wherever the
// passkey is synced. An assertion does not carry the public key, and a credential's user handle is chosen before
// its key exists; a returning user's key is recovered from the first assertion's signature (two candidates), the
// one whose account exists on chain chosen, or else a second assertion's candidates intersected.
import { p256 } from '@noble/curves/p256';
import { PrivateKey } from 'eciesjs';
import { type Address, type Hex, bytesToHex, decodeFunctionResult, encodeFunctionData, getAddress, hexToBytes,
  parseAbi } from 'viem';
import { type ChainReader, hasCode, publicChainReader } from './chain';
import { NoPasskeyAccounts, PasskeyCancelled, PasskeyUnsupported } from './passkey-errors';
import { PRF_INPUT, deriveEncryptionKey } from './crypto/passkey-key';
import { type Assertion, type PasskeyKey, messageChallenge, predictAccount, typedDataChallenge,
  typedDataSignature, undeployed, webAuthnAuth } from './crypto/passkey-signature';
import type { Wallet } from './wallet';

const FACTORY_ABI = parseAbi(['function accountImplementation() view returns (address)']);
/** COSE ES256: ECDSA on P-256 with SHA-256, the one algorithm the account verifies. */
const ES256 = -7;

/** A passkey account: a {@link Wallet} with the encryption key its PRF derives. */
export type PasskeyAccount = Required<Wallet>;

interface Network { chainId: number; accounts: { factories: string[] } }
type PublicNetwork = Network & { publicChainRpcUrl?: string };

const random = (length: number): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(length));

async function ceremony<T>(run: () => Promise<T | null>): Promise<T> {
  if (!window.PublicKeyCredential || !navigator.credentials) {
    throw new PasskeyUnsupported('this browser has no WebAuthn');
  }
  try {
    const answer = await run();
    if (!answer) throw new PasskeyCancelled('no credential');
    return answer;
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
      throw new PasskeyCancelled(error.name);
    }
    throw error;
  }
}

interface Signed { assertion: Assertion; credentialId: Uint8Array<ArrayBuffer>; prf: Uint8Array }

/** An assertion over `challenge` by `credentialId`, or by any of this site's discoverable credentials. */
async function assert(challenge: Uint8Array<ArrayBuffer>, credentialId?: Uint8Array<ArrayBuffer>): Promise<Signed> {
  const credential = await ceremony(() => navigator.credentials.get({ publicKey: { challenge,
    allowCredentials: credentialId ? [{ type: 'public-key', id: credentialId }] : [],
    userVerification: 'required', extensions: { prf: { eval: { first: PRF_INPUT } } } } }) as
    Promise<PublicKeyCredential | null>);
  const response = credential.response as AuthenticatorAssertionResponse;
  const prf = credential.getClientExtensionResults().prf?.results?.first;
  if (!prf) throw new PasskeyUnsupported('the passkey evaluated no PRF');
  return { credentialId: new Uint8Array(credential.rawId), prf: new Uint8Array(prf as ArrayBuffer),
    assertion: { signature: new Uint8Array(response.signature),
      authenticatorData: new Uint8Array(response.authenticatorData),
      clientDataJSON: new Uint8Array(response.clientDataJSON) } };
}

/** The P-256 keys that could have made `assertion` (ECDSA public key recovery: usually two). */
async function candidateKeys({ assertion }: Signed): Promise<string[]> {
  const clientDataHash = new Uint8Array(await crypto.subtle.digest('SHA-256', assertion.clientDataJSON as
    Uint8Array<ArrayBuffer>));
  const signed = new Uint8Array([...assertion.authenticatorData, ...clientDataHash]);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', signed));
  const signature = p256.Signature.fromDER(assertion.signature);
  const keys: string[] = [];
  for (const bit of [0, 1, 2, 3]) {
    try {
      keys.push(signature.addRecoveryBit(bit).recoverPublicKey(digest).toHex(false));
    } catch {
      // no point for this recovery id
    }
  }
  return keys;
}

const keyOf = (uncompressed: string): PasskeyKey =>
  ({ qx: `0x${uncompressed.slice(2, 66)}`, qy: `0x${uncompressed.slice(66, 130)}` });

/** The network's passkey account factory and the implementation its accounts are clones of. */
interface Factory { address: Address; implementation: Address }

/** The network's first factory, its implementation read through `reader`. */
async function factoryOf(network: Network, reader: ChainReader): Promise<Factory> {
  const factory = network.accounts.factories[0];
  if (!factory) throw new NoPasskeyAccounts('no passkey account factory');
  const data = encodeFunctionData({ abi: FACTORY_ABI, functionName: 'accountImplementation' });
  const answer = await reader.request({ method: 'eth_call', params: [{ to: getAddress(factory), data }, 'latest'] });
  return { address: getAddress(factory),
    implementation: decodeFunctionResult({ abi: FACTORY_ABI, functionName: 'accountImplementation', data: answer }) };
}

const accountOf = (factory: Factory, key: PasskeyKey): Address =>
  predictAccount(factory.address, factory.implementation, key);

function account(network: Network, reader: ChainReader, credentialId: Uint8Array<ArrayBuffer>, key: PasskeyKey,
    factory: Factory, firstPrf: Uint8Array): PasskeyAccount {
  const address = accountOf(factory, key);
  let prf = firstPrf;
  /** The raw signature of `challenge`, ERC-6492-wrapped while the account does not exist yet. */
  const sign = async (challenge: Hex, wrap: (raw: Hex) => Hex): Promise<Hex> => {
    const signed = await assert(new Uint8Array(hexToBytes(challenge)), credentialId);
    prf = signed.prf;
    const signature = wrap(webAuthnAuth(signed.assertion));
    return await hasCode(reader, address) ? signature : undeployed(factory.address, key, signature);
  };
  return {
    address,
    reader,
    signMessage: (message) => sign(messageChallenge(message, address, network.chainId), (raw) => raw),
    signTypedData: (typed) => sign(typedDataChallenge(typed as never, address, network.chainId),
      (raw) => typedDataSignature(typed as never, raw)),
    // The public chain node's chain id was checked when it was connected; a passkey signs for the chain it is told.
    ensureChain: async () => {},
    encryptionKey: async () => new PrivateKey(await deriveEncryptionKey(prf, network.chainId, address)),
  };
}

/** Creates a passkey (discoverable, user-verified, with a PRF) and answers its account; one more prompt follows. */
export async function createPasskeyAccount(network: PublicNetwork): Promise<PasskeyAccount> {
  const reader = await publicChainReader(network);
  const factory = await factoryOf(network, reader);
  const name = `HealthKey ${new Date().toISOString().slice(0, 10)}`;
  const credential = await ceremony(() => navigator.credentials.create({ publicKey: {
    rp: { name: 'HealthKey' }, user: { id: random(16), name, displayName: name }, challenge: random(32),
    pubKeyCredParams: [{ type: 'public-key', alg: ES256 }],
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    extensions: { prf: {} } } }) as Promise<PublicKeyCredential | null>);
  if (!credential.getClientExtensionResults().prf?.enabled) {
    throw new PasskeyUnsupported('the passkey cannot evaluate a PRF');
  }
  const spki = (credential.response as AuthenticatorAttestationResponse).getPublicKey();
  // A P-256 SubjectPublicKeyInfo is 91 bytes and ends with the uncompressed point: 04 ‖ x ‖ y.
  const point = new Uint8Array(spki ?? new ArrayBuffer(0)).slice(-65);
  if (spki?.byteLength !== 91 || point[0] !== 4) throw new PasskeyUnsupported('the passkey is not a P-256 key');
  // The PRF output comes with the first assertion (sign-in), which the caller asks for next.
  return account(network, reader, new Uint8Array(credential.rawId), keyOf(bytesToHex(point).slice(2)), factory,
    new Uint8Array());
}

/** Asks for any of this site's passkeys (no username) and finds its account. */
export async function findPasskeyAccount(network: PublicNetwork): Promise<PasskeyAccount> {
  const reader = await publicChainReader(network);
  const factory = await factoryOf(network, reader);
  const first = await assert(random(32));
  let candidates = await candidateKeys(first);
  const deployed = await Promise.all(candidates.map((candidate) =>
    hasCode(reader, accountOf(factory, keyOf(candidate)))));
  if (deployed.filter(Boolean).length === 1) candidates = candidates.filter((_, i) => deployed[i]);
  if (candidates.length !== 1) {
    const second = await candidateKeys(await assert(random(32), first.credentialId));
    candidates = candidates.filter((candidate) => second.includes(candidate));
  }
  if (candidates.length !== 1) throw new PasskeyUnsupported('the passkey\'s key could not be recovered');
  return account(network, reader, first.credentialId, keyOf(candidates[0]!), factory, first.prf);
}
