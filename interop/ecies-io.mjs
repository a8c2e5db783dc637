// Helpers shared by the ECIES interop scripts: 0x-hex conversion, a check that eciesjs runs with its default
// configuration (the one the HealthKey key-wrapping format is defined by), and a way to fix the randomness that
// eciesjs.encrypt draws, so that its output can be compared byte for byte with Java's.
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ECIES_CONFIG } from 'eciesjs';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The installed eciesjs version (its package.json is not in its "exports", so it is read from node_modules). */
export const ECIESJS_VERSION = JSON.parse(readFileSync(resolve(ROOT, 'node_modules/eciesjs/package.json'), 'utf8')).version;

/** The configuration the format is defined by: eciesjs's defaults. */
export const DEFAULT_CONFIG = {
  ellipticCurve: 'secp256k1',
  isEphemeralKeyCompressed: false,
  isHkdfKeyCompressed: false,
  symmetricAlgorithm: 'aes-256-gcm',
  symmetricNonceLength: 16,
};

/** Throws unless eciesjs's global configuration is its default, as the format requires. */
export function requireDefaultConfig() {
  for (const [name, value] of Object.entries(DEFAULT_CONFIG)) {
    if (ECIES_CONFIG[name] !== value) throw new Error(`eciesjs ECIES_CONFIG.${name} is ${ECIES_CONFIG[name]}, not ${value}`);
  }
  if (ECIES_CONFIG.ephemeralKeySize !== 65) throw new Error(`ephemeral key size ${ECIES_CONFIG.ephemeralKeySize}, not 65`);
}

export const fromHex = (text) => {
  if (typeof text !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(text)) throw new Error(`not 0x-prefixed hex: ${text}`);
  return Uint8Array.from(Buffer.from(text.slice(2), 'hex'));
};
export const toHex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;

/** Parses JSON from the file named by the first argument, or from stdin when there is none or it is "-". */
export function readJsonInput() {
  const file = process.argv[2];
  const text = file && file !== '-' ? readFileSync(file, 'utf8') : readFileSync(0, 'utf8');
  return JSON.parse(text);
}

/** Applies fn to one item or to each item of an array, printing one line per item ("ERROR ..." on failure). */
export async function forEachItem(input, fn) {
  const items = Array.isArray(input) ? input : [input];
  for (const item of items) {
    try {
      console.log(await fn(item));
    } catch (error) {
      console.log(`ERROR ${error.message}`.replace(/\s+/g, ' '));
    }
  }
}

// eciesjs draws its randomness through @noble/ciphers' randomBytes, which calls getRandomValues on Node's
// webcrypto object at each call. While `fixed` holds arrays, that call hands them out in order instead.
let fixed = null;
const secureGetRandomValues = webcrypto.getRandomValues.bind(webcrypto);
webcrypto.getRandomValues = (array) => {
  if (fixed === null) return secureGetRandomValues(array);
  const next = fixed.shift();
  if (next === undefined || next.length !== array.length) {
    throw new Error(`unexpected request for ${array.length} random bytes`);
  }
  array.set(next);
  return array;
};

/**
 * INSECURE, for known-answer vectors only: runs fn while eciesjs's random source returns exactly `values`, in
 * order (for encrypt: the 32-byte ephemeral private key, then the 16-byte nonce), and checks all were used.
 */
export function withInsecureFixedRandomness(values, fn) {
  fixed = [...values];
  try {
    const result = fn();
    if (fixed.length !== 0) throw new Error(`${fixed.length} fixed random values were not used`);
    return result;
  } finally {
    fixed = null;
  }
}
