// Writes protocol/src/test/resources/vectors/siwe.json: EIP-4361 messages made by the npm `siwe` package (pinned)
// and signed by ethers 6 Wallets (personal_sign, RFC 6979, so the file is reproducible). Each vector holds the
// fields as given to siwe, the message text siwe formats, the signature and the signer. The Java SiweMessage must
// parse each text into the same fields and format it back byte for byte, and recover the signer.
//
// Usage: node interop/siwe-vectors.mjs [output file]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signSiwe } from './siwe-io.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const output = process.argv[2] ?? resolve(root, 'protocol/src/test/resources/vectors/siwe.json');
const SIWE_VERSION = JSON.parse(readFileSync(resolve(root, 'node_modules/siwe/package.json'), 'utf8')).version;

// Hardhat's default accounts #0..#2: public development keys.
const KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
];

const base = { domain: 'localhost:8080', uri: 'http://localhost:8080', chainId: 31337, nonce: 'k7Qd2mPx9zLw',
  issuedAt: '2026-11-25T10:00:00.000Z' };

const cases = [
  ['required fields only', 0, {}],
  ['with a statement', 1, { statement: 'Sign in to HealthKey to see your records.' }],
  ['statement with every allowed punctuation', 2,
    { statement: "I accept the Terms: https://example.com/tos?v=2#s1 [a] (b) *c* +d, e; f=g! $5 & 'q' @h ~i_j-k." }],
  ['every optional field', 0, {
    statement: 'Sign in to HealthKey.', expirationTime: '2026-11-25T10:15:00.000Z', notBefore: '2026-11-25T09:59:00.000Z',
    requestId: 'req-42', resources: ['ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
      'https://healthkey.example/api/v1/records?patient=1#x'] }],
  ['with a scheme', 1, { scheme: 'https', domain: 'healthkey.example', uri: 'https://healthkey.example/login' }],
  ['mainnet, long nonce, offset times', 2, { domain: 'app.healthkey.example', uri: 'https://app.healthkey.example',
    chainId: 1, nonce: 'aBcDeFgH0123456789xyzXYZ', issuedAt: '2026-11-25T11:00:00+01:00',
    expirationTime: '2026-11-25T12:00:00.5-00:30' }],
  ['IPv4 host with userinfo and an empty resource list', 0, { domain: 'user@127.0.0.1:8443',
    uri: 'https://127.0.0.1:8443/', chainId: 11155111, resources: [] }],
  ['IPv6 host and a URN URI', 1, { domain: '[::1]:8080', uri: 'urn:healthkey:session' }],
  ['empty statement', 2, { statement: '' }],
  ['no fractional seconds', 2, { issuedAt: '2026-11-25T10:00:00Z', notBefore: '2026-11-25T10:00:01Z' }],
];

const vectors = [];
for (const [name, key, overrides] of cases) {
  const fields = { ...base, ...overrides };
  const signed = await signSiwe({ privateKey: KEYS[key], ...fields });
  vectors.push({ name, fields: { ...fields, address: signed.address }, ...signed });
}

mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, `${JSON.stringify({
  generator: 'interop/siwe-vectors.mjs', siwe: SIWE_VERSION, signer: 'ethers Wallet.signMessage (EIP-191)', vectors,
}, null, 2)}\n`);
console.log(output);
