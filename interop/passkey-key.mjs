// The patient's encryption private key from a passkey's PRF output (docs/FORMAT.md, "Encryption key from a
// passkey"), on node:crypto alone: an implementation independent of the Java one (BouncyCastle's HKDF, web3j's
// curve constants), checked against it by protocol/src/test/resources/vectors/passkey-key.json both ways.
import { createHash, createHmac, hkdfSync } from 'node:crypto';

/** What the dApp asks the PRF for: `extensions: { prf: { eval: { first: PRF_INPUT } } }`. */
export const PRF_INPUT = Buffer.from('HealthKey encryption key v1', 'ascii');
export const HKDF_SALT = Buffer.from('HealthKey passkey encryption key', 'ascii');
export const INFO_LABEL = Buffer.from('HealthKey secp256k1 key v1', 'ascii');
export const OKM_LENGTH = 48;
/** The order of secp256k1. */
export const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The hmac-secret salt a WebAuthn client sends for a PRF input: SHA-256("WebAuthn PRF" || 0x00 || input). */
export function hmacSecretSalt(prfInput) {
  return createHash('sha256').update(Buffer.from('WebAuthn PRF', 'ascii')).update(Buffer.of(0)).update(prfInput).digest();
}

/** INSECURE outside tests: what a software authenticator's hmac-secret answers for a PRF input. */
export function softwarePrf(credentialSecret, prfInput) {
  return createHmac('sha256', credentialSecret).update(hmacSecretSalt(prfInput)).digest();
}

/** HKDF info: INFO_LABEL || chainId (uint64 big-endian) || account (20 bytes). */
export function info(chainId, account) {
  if (!Number.isSafeInteger(chainId) || chainId < 1) throw new Error('chain id must be 1..2^53-1');
  const address = Buffer.from(account.replace(/^0x/, ''), 'hex');
  if (address.length !== 20 || address.every((b) => b === 0)) throw new Error('account must be a non-zero address');
  const chain = Buffer.alloc(8);
  chain.writeBigUInt64BE(BigInt(chainId));
  return Buffer.concat([INFO_LABEL, chain, address]);
}

/** The 32-byte private key (big-endian scalar in [1, n - 1]) of `account` on `chainId` for a 32-byte PRF output. */
export function deriveEncryptionKey(prfOutput, chainId, account) {
  if (prfOutput.length !== 32) throw new Error('a PRF output must be 32 bytes');
  const okm = Buffer.from(hkdfSync('sha256', prfOutput, HKDF_SALT, info(chainId, account), OKM_LENGTH));
  const scalar = BigInt(`0x${okm.toString('hex')}`) % (CURVE_ORDER - 1n) + 1n;
  return Buffer.from(scalar.toString(16).padStart(64, '0'), 'hex');
}
