// Runs the Node side of the recovery kit on input made elsewhere (the Java ITs), and prints one line per item: the
// result as 0x-hex, or "ERROR <reason>". Input (stdin, or the file named by the first argument), one object or an
// array of them:
//   {"op": "combine", "shares": ["0x..."]}                      -> the secret (shamir-secret-sharing's combine)
//   {"op": "recover", "kit": "0x...", "domain": {...}, "now": <seconds>, "devicePrivateKey": "0x...",
//    "transfers": [{"message": {...}, "signature": "0x..."}]}  -> the patient's private key, after verifyTransfer
//                                                                   of every transfer (recovery-kit.mjs)
import { PrivateKey } from 'eciesjs';
import { combine } from 'shamir-secret-sharing';
import { forEachItem, readJsonInput } from './ecies-io.mjs';
import { fromHex, parseKit, recover, toHex, verifyTransfer } from './recovery-kit.mjs';

await forEachItem(readJsonInput(), async (item) => {
  if (item.op === 'combine') return toHex(await combine(item.shares.map(fromHex)));
  if (item.op !== 'recover') throw new Error(`unknown op ${item.op}`);
  const kit = parseKit(fromHex(item.kit));
  const device = new PrivateKey(fromHex(item.devicePrivateKey));
  const recipient = toHex(device.publicKey.toBytes(true));
  const messages = item.transfers.map(({ message, signature }) =>
    verifyTransfer(kit, item.domain, message, signature, recipient, item.now));
  return recover(kit, messages, item.devicePrivateKey);
});
