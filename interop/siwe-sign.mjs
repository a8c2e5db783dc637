// Makes an EIP-4361 message with the npm `siwe` package and signs it with an ethers 6 Wallet (personal_sign).
// Input (stdin, or the file named by the first argument): {"privateKey": "0x...", "domain": ..., "uri": ...,
// "chainId": ..., "nonce": ..., "issuedAt": ..., optional "scheme", "statement", "expirationTime", "notBefore",
// "requestId", "resources", "address"}, or an array of such objects. Prints one JSON line per object:
// {"message": ..., "signature": "0x...", "address": ...}, or {"error": ...} when siwe refuses the fields.
import { readJsonInput, signSiwe } from './siwe-io.mjs';

const input = readJsonInput();
for (const fields of Array.isArray(input) ? input : [input]) {
  try {
    console.log(JSON.stringify(await signSiwe(fields)));
  } catch (error) {
    console.log(JSON.stringify({ error: String(error.message ?? error).replace(/\s+/g, ' ') }));
  }
}
