// Relays one key publication as a dApp does (a fresh wallet signs in, signs the typed data, posts it) and follows the
// request: the smallest proof that the backend relays on the chain it runs against.
//
//   node interop/relay-key-publication.mjs <backendUrl> <seconds> [--expect-unsent]
//
// Prints one JSON object {status, transactionHash?, failureCode?}. Exits 0 when the request is CONFIRMED within
// <seconds>; with --expect-unsent, exits 0 when it is still ACCEPTED (never sent) after <seconds>. Exits 1 otherwise.
// Sign-in needs the backend to accept the dApp's domain: HEALTHKEY_DAPP_DOMAIN/URI (see dapp-session.mjs).
import { Wallet } from 'ethers';
import { PrivateKey } from 'eciesjs';
import { signIn, signTypedData } from './dapp-session.mjs';

const [backend, seconds, mode] = process.argv.slice(2);
if (!seconds) {
  console.error('usage: relay-key-publication.mjs <backendUrl> <seconds> [--expect-unsent]');
  process.exit(64);
}
const expectUnsent = mode === '--expect-unsent';

const wallet = Wallet.createRandom();
const session = await signIn(backend, wallet);
const publicKey = `0x${new PrivateKey().publicKey.toHex()}`;
const typed = await session.typedData('/api/v1/typed-data/key-publication', { publicKey });
const signature = await signTypedData(wallet, typed);
const accepted = await session.postJson('/api/v1/key-publications', { publication: typed.message, signature });

const deadline = Date.now() + Number(seconds) * 1000;
let request = accepted;
while (Date.now() < deadline && !['CONFIRMED', 'FAILED'].includes(request.status)) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  request = await session.json(accepted.statusUrl);
}
console.log(JSON.stringify({ status: request.status, transactionHash: request.transactionHash,
  failureCode: request.failureCode }));
const ok = expectUnsent ? request.status === 'ACCEPTED' : request.status === 'CONFIRMED';
process.exit(ok ? 0 : 1);
