// Writes protocol/src/test/resources/vectors/shamir.json and recovery-kit.json, from Node libraries independent of
// the Java ones. Shamir vectors: the output of shamir-secret-sharing's own split, run with its random source fixed
// (x coordinates 1..n, then the given coefficients of each byte's polynomial), so that Java, given the same
// coefficients, must produce the same bytes; plus splits with random x coordinates, to be combined. Recovery kit
// vectors: a kit made by recovery-kit.mjs for Hardhat accounts, the guardians' ShareTransfers signed with ethers, and
// the private key the transfers must give back.
//
// Usage: node interop/recovery-vectors.mjs [output directory]
import crypto, { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { PrivateKey } from 'eciesjs';
import { Wallet } from 'ethers';
import { combine, split } from 'shamir-secret-sharing';
import { ROOT } from './ecies-io.mjs';
import {
  createKit, encodeKit, recover, recoveryDomain, signTransfer, toHex, transferDigest, transferShare, verifyTransfer,
} from './recovery-kit.mjs';

const outputDir = process.argv[2] ?? resolve(ROOT, 'protocol/src/test/resources/vectors');
const SHAMIR_VERSION = JSON.parse(readFileSync(resolve(ROOT, 'interop/node_modules/shamir-secret-sharing/package.json'), 'utf8')).version;
const derived = (label, length = 32) => Uint8Array.from(createHash('sha256').update(`healthkey shamir vector: ${label}`).digest().subarray(0, length));

// shamir-secret-sharing draws through node:crypto's randomBytes; while `fixed` holds arrays, it gets them in order.
let fixed = null;
const secureRandomBytes = crypto.randomBytes;
crypto.randomBytes = (size) => {
  if (fixed === null) return secureRandomBytes(size);
  const next = fixed.shift();
  if (next === undefined || next.length !== size) throw new Error(`unexpected request for ${size} random bytes`);
  return Buffer.from(Uint8Array.from(next).buffer);
};
syncBuiltinESMExports();

/** INSECURE, vectors only: split with x = 1..n and the given coefficients (one array of k - 1 bytes per secret byte). */
async function splitWithFixedRandomness(secret, shares, threshold, coefficients) {
  fixed = [Uint8Array.from({ length: 255 }, (_, i) => i), ...coefficients]; // identity shuffle, then each polynomial
  try {
    const result = await split(secret, shares, threshold);
    if (fixed.length !== 0) throw new Error(`${fixed.length} fixed random values were not used`);
    return result;
  } finally {
    fixed = null;
  }
}

/** Coefficients whose leading one is not zero (codahale draws until the degree is exact; the npm package does not). */
const coefficientsFor = (label, secretLength, threshold) => Array.from({ length: secretLength }, (_, i) => {
  const c = Uint8Array.from(derived(`${label} ${i}`, threshold - 1));
  if (c[threshold - 2] === 0) c[threshold - 2] = 1;
  return c;
});

const shamirCases = [
  ['2 of 2, one byte', Uint8Array.of(0x2a), 2, 2],
  ['2 of 3, 32-byte recovery secret', derived('secret 1'), 3, 2],
  ['3 of 5, 32-byte recovery secret', derived('secret 2'), 5, 3],
  ['5 of 5, all-zero secret', new Uint8Array(32), 5, 5],
  ['2 of 3, all-ones secret', new Uint8Array(32).fill(0xff), 3, 2],
  ['7 of 10, 33 bytes', derived('secret 3', 33), 10, 7],
];
const known = [];
for (const [name, secret, shares, threshold] of shamirCases) {
  const coefficients = coefficientsFor(name, secret.length, threshold);
  const result = await splitWithFixedRandomness(secret, shares, threshold, coefficients);
  if (toHex(await combine(result.slice(0, threshold))) !== toHex(secret)) throw new Error(`${name}: does not combine`);
  known.push({ name, secret: toHex(secret), threshold, coefficients: coefficients.map(toHex), shares: result.map(toHex) });
}
const shuffled = [];
for (const [name, secret, shares, threshold] of shamirCases) {
  const result = await split(secret, shares, threshold); // random coefficients and random x coordinates
  shuffled.push({ name: `${name}, random x`, secret: toHex(secret), threshold, shares: result.map(toHex) });
}
mkdirSync(outputDir, { recursive: true });
writeFileSync(resolve(outputDir, 'shamir.json'), JSON.stringify({
  generator: 'interop/recovery-vectors.mjs',
  library: `shamir-secret-sharing ${SHAMIR_VERSION} (split, combine)`,
  field: 'GF(2^8), x^8 + x^4 + x^3 + x + 1',
  layout: 'share = y (secret length) || x (1, in 1..255)',
  knownAnswer: known,
  randomX: shuffled,
}, null, 2) + '\n');

// Hardhat accounts: #0 the patient, #1..#3 guardians, #4 a stranger. Encryption keys derived, not the wallets'.
const wallets = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
].map((key) => new Wallet(key));
const encryptionKey = (label) => new PrivateKey(Uint8Array.from(derived(`encryption key ${label}`)));
const patientKey = encryptionKey('patient');
const device = encryptionKey('new device');
const guardianKeys = [1, 2, 3].map((i) => encryptionKey(`guardian ${i}`));
const chainId = 31337;
const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const domain = recoveryDomain(chainId, registry);
const kit = await createKit({
  patientPrivateKey: toHex(patientKey.secret), patient: wallets[0].address, chainId, threshold: 2, createdAt: 1_800_000_000,
  guardians: guardianKeys.map((key, i) => ({ address: wallets[i + 1].address, encryptionKey: toHex(key.publicKey.toBytes(true)) })),
});
const devicePublic = toHex(device.publicKey.toBytes(true));
const transfers = [];
for (const i of [0, 2]) {
  const message = transferShare(kit, toHex(guardianKeys[i].secret), devicePublic, 1_800_000_600);
  const signature = await signTransfer(wallets[i + 1], domain, message);
  verifyTransfer(kit, domain, message, signature, devicePublic, 1_800_000_000);
  transfers.push({ message, digest: transferDigest(domain, message), signature });
}
if (await recover(kit, transfers.map((t) => t.message), toHex(device.secret)) !== toHex(patientKey.secret)) {
  throw new Error('the kit does not recover');
}
writeFileSync(resolve(outputDir, 'recovery-kit.json'), JSON.stringify({
  generator: 'interop/recovery-vectors.mjs',
  libraries: 'interop/recovery-kit.mjs: shamir-secret-sharing, eciesjs, node:crypto AES-256-GCM, ethers signTypedData',
  domain,
  guardianEncryptionPrivateKeys: guardianKeys.map((key) => toHex(key.secret)),
  devicePrivateKey: toHex(device.secret),
  now: 1_800_000_000,
  kit: toHex(encodeKit(kit)),
  transfers,
  patientPrivateKey: toHex(patientKey.secret),
}, null, 2) + '\n');
console.log(`wrote ${known.length + shuffled.length} Shamir vectors and a recovery kit to ${outputDir}`);
