// Signs a wallet in at a HealthKey backend (EIP-4361) and prints the bearer token, for tools that take a header,
// such as the API fuzzer in scripts/attack.sh.
// Usage: node interop/sign-in.mjs <backend URL> <private key hex>
import { Wallet } from 'ethers';
import { signIn } from './dapp-session.mjs';

const [backend, privateKey] = process.argv.slice(2);
if (!backend || !privateKey) {
  console.error('usage: node interop/sign-in.mjs <backend URL> <private key hex>');
  process.exit(2);
}
const origin = new URL(backend);
const session = await signIn(backend, new Wallet(privateKey), { domain: origin.host, uri: origin.origin });
console.log(session.token);
