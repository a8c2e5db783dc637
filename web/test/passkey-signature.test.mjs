// The passkey account's signature encodings in the app (src/crypto/passkey-signature.ts, bundled for Node by
// esbuild) against an independent construction with ethers, laid out as the contracts' own tests build them
// (test/helpers/webauthn.js): the WebAuthnAuth tuple of a real P-256 signature made low-s, the ERC-7739 hashes and
// envelope of a Grant and of a SIWE message, the counterfactual address, the ERC-6492 wrapper.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { build } from 'esbuild';
import { AbiCoder, TypedDataEncoder, concat, getCreate2Address, keccak256, toBeHex, toUtf8Bytes, ZeroHash }
  from 'ethers';

const BUNDLE = new URL('../target/passkey-signature-test.mjs', import.meta.url);
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const ACCOUNT = '0x1111111111111111111111111111111111111111';
const FACTORY = '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9';
const IMPLEMENTATION = '0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6';
const CHAIN_ID = 31337;
const CONSENT = { name: 'HealthKey ConsentRegistry', version: '1', chainId: CHAIN_ID,
  verifyingContract: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' };
const GRANT_TYPES = { Grant: [{ name: 'patient', type: 'address' }, { name: 'grantee', type: 'address' },
  { name: 'scope', type: 'bytes32' }, { name: 'action', type: 'uint8' }, { name: 'nonce', type: 'uint256' }] };
const GRANT = { patient: ACCOUNT, grantee: '0x2222222222222222222222222222222222222222', scope: ZeroHash, action: 0,
  nonce: 7n };
const ACCOUNT_DOMAIN = { name: 'HealthKey PasskeyAccount', version: '1', chainId: CHAIN_ID, verifyingContract: ACCOUNT,
  salt: ZeroHash };
let app;
before(async () => {
  await build({ entryPoints: [fileURLToPath(new URL('../src/crypto/passkey-signature.ts', import.meta.url))],
    bundle: true, packages: 'external', format: 'esm', platform: 'node', outfile: fileURLToPath(BUNDLE),
    logLevel: 'error' });
  app = await import(BUNDLE);
});

/** A WebAuthn assertion over `challenge` by a P-256 key, its signature in DER as browsers give it. */
function assertion(privateKey, challenge) {
  const authenticatorData = Buffer.concat([createHash('sha256').update('localhost').digest(), Buffer.from([5]),
    Buffer.from([0, 0, 0, 1])]);
  const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get',
    challenge: Buffer.from(challenge.slice(2), 'hex').toString('base64url'), origin: 'http://localhost:8080',
    crossOrigin: false }));
  const signed = Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]);
  return { signature: sign('sha256', signed, { key: privateKey, dsaEncoding: 'der' }), authenticatorData,
    clientDataJSON, signed };
}

test('a DER signature becomes r and a low s that still verify', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  for (let i = 0; i < 24; i++) {
    const made = assertion(privateKey, keccak256(toUtf8Bytes(`message ${i}`)));
    const { r, s } = app.lowS(made.signature);
    assert.ok(s <= P256_N / 2n);
    const p1363 = Buffer.from(`${r.toString(16).padStart(64, '0')}${s.toString(16).padStart(64, '0')}`, 'hex');
    assert.ok(verify('sha256', made.signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, p1363));
  }
});

test('refuses what is not a DER ECDSA signature', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const der = assertion(privateKey, ZeroHash).signature;
  for (const broken of [der.subarray(0, der.length - 1), Buffer.concat([der, Buffer.of(0)]),
    Buffer.concat([Buffer.of(0x31), der.subarray(1)]), Buffer.alloc(0), Buffer.alloc(70)]) {
    assert.throws(() => app.lowS(broken), RangeError);
  }
});

test('the raw signature is the WebAuthnAuth tuple the contracts\' tests encode', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const made = assertion(privateKey, keccak256(toUtf8Bytes('grant')));
  const { r, s } = app.lowS(made.signature);
  const json = made.clientDataJSON.toString();
  assert.equal(app.webAuthnAuth(made), AbiCoder.defaultAbiCoder().encode(
    ['bytes32', 'bytes32', 'uint256', 'uint256', 'bytes', 'string'],
    [toBeHex(r, 32), toBeHex(s, 32), json.indexOf('"challenge":"'), json.indexOf('"type":"webauthn.get"'),
      made.authenticatorData, json]));
});

test('a Grant is signed over the ERC-7739 TypedDataSign hash that names the account, and wrapped as ERC-7739', () => {
  const typedData = { domain: CONSENT, types: GRANT_TYPES, primaryType: 'Grant', message: GRANT };
  const nestedTypes = { TypedDataSign: [{ name: 'contents', type: 'Grant' }, { name: 'name', type: 'string' },
    { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' },
    { name: 'verifyingContract', type: 'address' }, { name: 'salt', type: 'bytes32' }], ...GRANT_TYPES };
  assert.equal(app.typedDataChallenge(typedData, ACCOUNT, CHAIN_ID),
    TypedDataEncoder.hash(CONSENT, nestedTypes, { contents: GRANT, ...ACCOUNT_DOMAIN }));
  assert.notEqual(app.typedDataChallenge(typedData, '0x3333333333333333333333333333333333333333', CHAIN_ID),
    app.typedDataChallenge(typedData, ACCOUNT, CHAIN_ID), 'another account of the same passkey: another hash');

  const raw = `0x${'ab'.repeat(200)}`;
  const contentsType = TypedDataEncoder.from(GRANT_TYPES).encodeType('Grant');
  assert.equal(app.typedDataSignature(typedData, raw), concat([raw, TypedDataEncoder.hashDomain(CONSENT),
    TypedDataEncoder.hashStruct('Grant', GRANT_TYPES, GRANT), toUtf8Bytes(contentsType),
    toBeHex(toUtf8Bytes(contentsType).length, 2)]));
});

test('contentsDescr names nested types sorted, and the primary type after them when one sorts before it', () => {
  const types = { Mail: [{ name: 'to', type: 'Person' }, { name: 'files', type: 'Attachment[]' }],
    Person: [{ name: 'wallet', type: 'address' }], Attachment: [{ name: 'hash', type: 'bytes32' }] };
  const encoded = TypedDataEncoder.from(types).encodeType('Mail');
  assert.equal(encoded, 'Mail(Person to,Attachment[] files)Attachment(bytes32 hash)Person(address wallet)');
  assert.equal(app.contentsDescription(types, 'Mail'), 'Attachment(bytes32 hash)Mail(Person to,Attachment[] files)'
    + 'Person(address wallet)Mail', 'explicit mode: Attachment sorts before Mail');
  assert.equal(app.contentsDescription({ ...GRANT_TYPES, EIP712Domain: [] }, 'Grant'),
    TypedDataEncoder.from(GRANT_TYPES).encodeType('Grant'), 'implicit mode; types the contents do not use left out');
});

test('a SIWE message is signed over the ERC-7739 PersonalSign hash in the account\'s domain without its salt', () => {
  const message = 'localhost:8080 wants you to sign in with your Ethereum account:\n0x1111…';
  const bytes = toUtf8Bytes(message);
  const prefixed = concat([toUtf8Bytes(`\x19Ethereum Signed Message:\n${bytes.length}`), bytes]);
  const { salt, ...domain } = ACCOUNT_DOMAIN;
  assert.equal(salt, ZeroHash);
  assert.equal(app.messageChallenge(message, ACCOUNT, CHAIN_ID),
    TypedDataEncoder.hash(domain, { PersonalSign: [{ name: 'prefixed', type: 'bytes' }] }, { prefixed }));
});

test('the counterfactual address is OpenZeppelin\'s clone address of the factory\'s salt', () => {
  const key = { qx: `0x${'0a'.repeat(32)}`, qy: `0x${'0b'.repeat(32)}` };
  const initCode = concat(['0x3d602d80600a3d3981f3363d3d373d3d3d363d73', IMPLEMENTATION,
    '0x5af43d82803e903d91602b57fd5bf3']);
  const salt = keccak256(AbiCoder.defaultAbiCoder().encode(['bytes32', 'bytes32', 'bytes32'], [key.qx, key.qy, ZeroHash]));
  assert.equal(app.predictAccount(FACTORY, IMPLEMENTATION, key), getCreate2Address(FACTORY, salt, keccak256(initCode)));
  assert.notEqual(app.predictAccount(FACTORY, IMPLEMENTATION, { ...key, qy: `0x${'0c'.repeat(32)}` }),
    app.predictAccount(FACTORY, IMPLEMENTATION, key));
});

test('an undeployed account\'s signature carries the factory call and the ERC-6492 magic', () => {
  const key = { qx: `0x${'0a'.repeat(32)}`, qy: `0x${'0b'.repeat(32)}` };
  const inner = `0x${'cd'.repeat(100)}`;
  const wrapped = app.undeployed(FACTORY, key, inner);
  assert.ok(wrapped.endsWith('6492'.repeat(16)));
  const [factory, calldata, signature] = AbiCoder.defaultAbiCoder().decode(['address', 'bytes', 'bytes'],
    `0x${wrapped.slice(2, -64)}`);
  assert.equal(factory, FACTORY);
  assert.equal(signature, inner);
  assert.equal(calldata.slice(0, 10), keccak256(toUtf8Bytes('createAccount(bytes32,bytes32,bytes32)')).slice(0, 10));
  assert.deepEqual(AbiCoder.defaultAbiCoder().decode(['bytes32', 'bytes32', 'bytes32'], `0x${calldata.slice(10)}`)
    .toArray(), [key.qx, key.qy, ZeroHash]);
});
