// Writes protocol/src/test/resources/vectors/ecies.json: ECIES known-answer vectors made with eciesjs (default
// configuration), an implementation independent of the Java one. Each payload is the output of eciesjs.encrypt
// itself, run with its random source fixed to the vector's ephemeral private key and nonce (see ecies-io.mjs), so
// the file is reproducible and Java, given the same two values, must produce the same bytes. The intermediate
// values (ephemeral public key, shared point, HKDF output) come from eciesjs's PrivateKey.encapsulate/multiply.
//
// Usage: node interop/ecies-vectors.mjs [output file]
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { decrypt, encrypt, PrivateKey } from 'eciesjs';
import {
  DEFAULT_CONFIG, ECIESJS_VERSION, ROOT, fromHex, requireDefaultConfig, toHex, withInsecureFixedRandomness,
} from './ecies-io.mjs';

const output = process.argv[2] ?? resolve(ROOT, 'protocol/src/test/resources/vectors/ecies.json');
requireDefaultConfig();

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const scalar = (value) => fromHex(`0x${value.toString(16).padStart(64, '0')}`);
const derived = (label, length = 32) => createHash('sha256').update(`healthkey ecies vector: ${label}`).digest().subarray(0, length);
const bytes = (length, fill) => new Uint8Array(length).fill(fill);

// Hardhat's default accounts #0..#3 (public keys), and the extreme scalars 1 and n - 1.
const RECIPIENTS = {
  'hardhat #0': fromHex('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'),
  'hardhat #1': fromHex('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'),
  'hardhat #2': fromHex('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'),
  'hardhat #3': fromHex('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'),
  'scalar 1': scalar(1n),
  'scalar n-1': scalar(N - 1n),
};

const FHIR = new TextEncoder().encode(JSON.stringify({
  resourceType: 'Observation', status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
  valueQuantity: { value: 72, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
}));

// name, recipient, ephemeral private key, nonce, plaintext, whether the plaintext is a record key
const cases = [
  ['record key for hardhat #0', 'hardhat #0', derived('ephemeral 1'), derived('nonce 1', 16), derived('record key 1'), true],
  ['record key for hardhat #1', 'hardhat #1', derived('ephemeral 2'), derived('nonce 2', 16), derived('record key 2'), true],
  ['record key for hardhat #2', 'hardhat #2', derived('ephemeral 3'), derived('nonce 3', 16), derived('record key 3'), true],
  ['record key for hardhat #3', 'hardhat #3', derived('ephemeral 4'), derived('nonce 4', 16), derived('record key 4'), true],
  ['record key for private key 1 (public key G)', 'scalar 1', derived('ephemeral 5'), derived('nonce 5', 16), derived('record key 5'), true],
  ['record key for private key n-1 (public key -G)', 'scalar n-1', derived('ephemeral 6'), derived('nonce 6', 16), derived('record key 6'), true],
  ['record key with ephemeral key 1 (ephemeral point G)', 'hardhat #0', scalar(1n), derived('nonce 7', 16), derived('record key 7'), true],
  ['record key with ephemeral key n-1', 'hardhat #1', scalar(N - 1n), derived('nonce 8', 16), derived('record key 8'), true],
  ['record key with all-zero nonce and all-zero key', 'hardhat #2', derived('ephemeral 9'), bytes(16, 0), bytes(32, 0), true],
  ['record key with all-ones nonce and all-ones key', 'hardhat #3', derived('ephemeral 10'), bytes(16, 0xff), bytes(32, 0xff), true],
  ['empty plaintext', 'hardhat #0', derived('ephemeral 11'), derived('nonce 11', 16), new Uint8Array(0), false],
  ['one-byte plaintext', 'hardhat #1', derived('ephemeral 12'), derived('nonce 12', 16), Uint8Array.of(0x2a), false],
  ['one AES block of plaintext', 'hardhat #2', derived('ephemeral 13'), derived('nonce 13', 16), derived('block', 16), false],
  ['one AES block and one byte of plaintext', 'hardhat #3', derived('ephemeral 14'), derived('nonce 14', 16), derived('block and a byte', 17), false],
  ['FHIR Observation as JSON', 'hardhat #0', derived('ephemeral 15'), derived('nonce 15', 16), FHIR, false],
];

const vectors = cases.map(([name, recipient, ephemeralSecret, nonce, plaintext, isRecordKey]) => {
  const recipientKey = new PrivateKey(RECIPIENTS[recipient]);
  const ephemeralKey = new PrivateKey(ephemeralSecret);
  const ciphertext = withInsecureFixedRandomness([ephemeralSecret, nonce], () => encrypt(recipientKey.publicKey.toBytes(true), plaintext));
  const opened = decrypt(recipientKey.secret, ciphertext);
  if (toHex(opened) !== toHex(plaintext)) throw new Error(`${name}: eciesjs does not decrypt its own payload`);
  if (toHex(ephemeralKey.encapsulate(recipientKey.publicKey)) !== toHex(ephemeralKey.publicKey.decapsulate(recipientKey))) {
    throw new Error(`${name}: encapsulate and decapsulate disagree`);
  }
  return {
    name,
    recordKey: isRecordKey,
    recipientPrivateKey: toHex(recipientKey.secret),
    recipientPublicKey: toHex(recipientKey.publicKey.toBytes(true)),
    ephemeralPrivateKey: toHex(ephemeralSecret),
    nonce: toHex(nonce),
    ephemeralPublicKey: toHex(ephemeralKey.publicKey.toBytes(false)),
    sharedPoint: toHex(ephemeralKey.multiply(recipientKey.publicKey, false)),
    sharedKey: toHex(ephemeralKey.encapsulate(recipientKey.publicKey, false)),
    plaintext: toHex(plaintext),
    ciphertext: toHex(ciphertext),
  };
});

mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify({
  generator: 'interop/ecies-vectors.mjs',
  library: `eciesjs ${ECIESJS_VERSION} (encrypt, decrypt, PrivateKey.encapsulate)`,
  config: DEFAULT_CONFIG,
  layout: 'ephemeralPublicKey (65, uncompressed) || nonce (16) || tag (16) || ciphertext',
  vectors,
}, null, 2) + '\n');
console.log(`wrote ${vectors.length} vectors to ${output}`);
