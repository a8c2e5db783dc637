// The wallet user's encryption key: a secp256k1 key made in the browser, kept in IndexedDB only encrypted, under a
// key derived from a passphrase (PBKDF2-SHA256, WebCrypto) with AES-256-GCM. Why a passphrase and not a key derived
// from a wallet signature: a signature is only as deterministic as the wallet (hardware wallets, smart accounts and
// MPC wallets may sign the same message differently, which would lose the key), and any site that gets the user to
// sign the same text would learn the key. The backup file is the same encrypted JSON: useless without the passphrase.
import { PrivateKey } from 'eciesjs';
import { del, get, set } from 'idb-keyval';
import { type Bytes, fromHex, randomBytes, toHex } from './bytes';

const ITERATIONS = 600_000;  // OWASP's recommendation for PBKDF2-HMAC-SHA256

/** What IndexedDB and the backup file hold: the key, encrypted; the public key in the clear. */
export interface StoredKey {
  format: 'healthkey-encryption-key/1';
  account: string;
  publicKey: string;
  kdf: { name: 'PBKDF2-SHA256'; iterations: number; salt: string };
  iv: string;
  ciphertext: string;
}

/** The passphrase does not open this key. */
export class WrongPassphrase extends Error {}
/** The file is not a key backup of this account. */
export class NotABackup extends Error {}

const slot = (account: string) => `encryption-key:${account.toLowerCase()}`;

async function wrappingKey(passphrase: string, salt: Bytes, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false,
    ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material,
    { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** The public key, 33 bytes compressed, 0x hex: what the directory publishes. */
export const publicKeyOf = (key: PrivateKey): string => toHex(key.publicKey.toBytes(true));

/** A new key for `account`, encrypted under `passphrase`; not stored yet. */
export async function createKey(account: string, passphrase: string): Promise<{ key: PrivateKey; stored: StoredKey }> {
  const key = new PrivateKey();
  return { key, stored: await sealKey(account, key, passphrase) };
}

/** `key` (a new one, or one recovered from guardians) encrypted under `passphrase` for `account`; not stored yet. */
export async function sealKey(account: string, key: PrivateKey, passphrase: string): Promise<StoredKey> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const aad = new TextEncoder().encode(account.toLowerCase());
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad },
    await wrappingKey(passphrase, salt, ITERATIONS), new Uint8Array(key.secret));
  return {
    format: 'healthkey-encryption-key/1', account: account.toLowerCase(), publicKey: publicKeyOf(key),
    kdf: { name: 'PBKDF2-SHA256', iterations: ITERATIONS, salt: toHex(salt) },
    iv: toHex(iv), ciphertext: toHex(new Uint8Array(sealed)),
  };
}

/** Opens a stored key; throws {@link WrongPassphrase} when the passphrase (or the account) does not match. */
export async function unlockKey(stored: StoredKey, passphrase: string): Promise<PrivateKey> {
  try {
    const secret = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromHex(stored.iv), additionalData: new TextEncoder().encode(stored.account) },
      await wrappingKey(passphrase, fromHex(stored.kdf.salt), stored.kdf.iterations), fromHex(stored.ciphertext));
    const key = new PrivateKey(new Uint8Array(secret));
    if (publicKeyOf(key) !== stored.publicKey) throw new WrongPassphrase('the key does not match its public key');
    return key;
  } catch (error) {
    throw error instanceof WrongPassphrase ? error : new WrongPassphrase('the passphrase does not open this key');
  }
}

export const loadKey = (account: string): Promise<StoredKey | undefined> => get<StoredKey>(slot(account));
export const saveKey = (stored: StoredKey): Promise<void> => set(slot(stored.account), stored);
export const forgetKey = (account: string): Promise<void> => del(slot(account));

/** The backup file's contents; {@link parseBackup} reads it back. */
export const backupOf = (stored: StoredKey): Blob =>
  new Blob([JSON.stringify(stored, null, 2)], { type: 'application/json' });

export function parseBackup(text: string, account: string): StoredKey {
  let parsed: Partial<StoredKey>;
  try {
    parsed = JSON.parse(text) as Partial<StoredKey>;
  } catch {
    throw new NotABackup('not JSON');
  }
  if (parsed.format !== 'healthkey-encryption-key/1' || typeof parsed.ciphertext !== 'string') {
    throw new NotABackup('not a HealthKey key backup');
  }
  if (parsed.account !== account.toLowerCase()) throw new NotABackup('the backup of another account');
  return parsed as StoredKey;
}
