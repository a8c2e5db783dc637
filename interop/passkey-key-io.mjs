// Derives passkey encryption keys for input made elsewhere (PasskeyEncryptionKeysInteropIT) and prints one 0x-hex
// private key per item. Input (stdin, or the file named by the first argument), one object or an array of them:
//   {"prfOutput": "0x...", "chainId": <number>, "account": "0x..."}
import { forEachItem, fromHex, readJsonInput, toHex } from './ecies-io.mjs';
import { deriveEncryptionKey } from './passkey-key.mjs';

await forEachItem(readJsonInput(), async ({ prfOutput, chainId, account }) =>
  toHex(deriveEncryptionKey(fromHex(prfOutput), chainId, account)));
