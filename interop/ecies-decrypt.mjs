// Decrypts with eciesjs.decrypt in its default configuration and prints the plaintext.
// Input (stdin, or the file named by the first argument): {"privateKey": "0x..." (32 bytes), "ciphertext":
// "0x..."}, or an array of such objects; one line per object: the plaintext as 0x-hex, or "ERROR <reason>" when
// eciesjs refuses the payload.
import { decrypt } from 'eciesjs';
import { forEachItem, fromHex, readJsonInput, requireDefaultConfig, toHex } from './ecies-io.mjs';

requireDefaultConfig();
await forEachItem(readJsonInput(), ({ privateKey, ciphertext }) => toHex(decrypt(fromHex(privateKey), fromHex(ciphertext))));
