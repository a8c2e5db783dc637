// Encrypts with eciesjs.encrypt in its default configuration and prints the payload.
// Input (stdin, or the file named by the first argument): {"publicKey": "0x..." (compressed or uncompressed
// secp256k1 key), "plaintext": "0x..."}, or an array of such objects; one line per object: the payload as 0x-hex,
// or "ERROR <reason>". For known-answer tests only, an object may also carry "ephemeralPrivateKey" (32 bytes) and
// "nonce" (16 bytes): eciesjs then draws exactly these instead of random bytes, and the payload is deterministic.
import { encrypt } from 'eciesjs';
import { forEachItem, fromHex, readJsonInput, requireDefaultConfig, toHex, withInsecureFixedRandomness } from './ecies-io.mjs';

requireDefaultConfig();
await forEachItem(readJsonInput(), ({ publicKey, plaintext, ephemeralPrivateKey, nonce }) => {
  const run = () => encrypt(fromHex(publicKey), fromHex(plaintext));
  if (ephemeralPrivateKey === undefined && nonce === undefined) return toHex(run());
  return toHex(withInsecureFixedRandomness([fromHex(ephemeralPrivateKey), fromHex(nonce)], run));
});
