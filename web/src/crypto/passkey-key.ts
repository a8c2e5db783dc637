// The patient's encryption key from a passkey's PRF output (docs/FORMAT.md, "Encryption key from a passkey"):
// HKDF-SHA256 in WebCrypto, then the 48 output bytes reduced into [1, n - 1] of secp256k1. The same passkey gives
// the same key on every device (and in protocol's PasskeyEncryptionKeys): nothing to store, nothing to back up.
// Security: the PRF output is as secret as the key; neither is ever logged nor put in an error message.
import { type Bytes, concat } from './bytes';

const ascii = (text: string): Bytes => new TextEncoder().encode(text) as Bytes;

/** What the app asks the authenticator for: `extensions: { prf: { eval: { first: PRF_INPUT } } }`. */
export const PRF_INPUT = ascii('HealthKey encryption key v1');
const HKDF_SALT = ascii('HealthKey passkey encryption key');
const INFO_LABEL = ascii('HealthKey secp256k1 key v1');
const OKM_BITS = 48 * 8;
/** The order of secp256k1. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** HKDF info: the label, the chain id (8 bytes, big-endian) and the account's 20 bytes: one key per account and chain. */
export function info(chainId: number, account: string): Bytes {
  if (!Number.isSafeInteger(chainId) || chainId < 1) throw new RangeError('the chain id must be 1 to 2^53 - 1');
  if (!/^0x[0-9a-fA-F]{40}$/.test(account) || /^0x0{40}$/.test(account)) {
    throw new RangeError('the account must be a non-zero address');
  }
  const chain = new Uint8Array(8);
  new DataView(chain.buffer).setBigUint64(0, BigInt(chainId));
  const address = Uint8Array.from(account.slice(2).match(/../g)!, (pair) => parseInt(pair, 16));
  return concat(INFO_LABEL, chain, address);
}

/** The 32-byte private key (big-endian, in [1, n - 1]) of `account` on `chainId` for a 32-byte PRF output. */
export async function deriveEncryptionKey(prfOutput: Uint8Array, chainId: number, account: string): Promise<Bytes> {
  if (prfOutput.length !== 32) throw new RangeError('a PRF output is 32 bytes');
  const ikm = await crypto.subtle.importKey('raw', new Uint8Array(prfOutput), 'HKDF', false, ['deriveBits']);
  const okm = new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT,
    info: info(chainId, account) }, ikm, OKM_BITS));
  let value = 0n;
  for (const byte of okm) value = (value << 8n) | BigInt(byte);
  let scalar = value % (CURVE_ORDER - 1n) + 1n;
  const key = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, scalar >>= 8n) key[i] = Number(scalar & 0xffn);
  return key;
}
