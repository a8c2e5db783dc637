// The passkey key derivation's rules, on the Node side: node --test interop/passkey-key.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT, fromHex, toHex } from './ecies-io.mjs';
import { CURVE_ORDER, deriveEncryptionKey, hmacSecretSalt, info, PRF_INPUT, softwarePrf } from './passkey-key.mjs';

const vectors = JSON.parse(readFileSync(resolve(ROOT, 'protocol/src/test/resources/vectors/passkey-key.json'), 'utf8'));
const [first] = vectors.vectors;
const key = (prf = fromHex(first.prfOutput), chain = first.chainId, account = first.account) =>
  toHex(deriveEncryptionKey(prf, chain, account));

test('every vector derives its key, salt and info', () => {
  assert.equal(toHex(PRF_INPUT), vectors.prfInput);
  for (const v of vectors.vectors) {
    assert.equal(toHex(hmacSecretSalt(PRF_INPUT)), v.hmacSecretSalt);
    assert.equal(toHex(softwarePrf(fromHex(v.credentialSecret), PRF_INPUT)), v.prfOutput);
    assert.equal(toHex(info(v.chainId, v.account)), v.info);
    assert.equal(key(fromHex(v.prfOutput), v.chainId, v.account), v.privateKey);
  }
});

test('another account, chain, PRF output or PRF input gives another key', () => {
  const others = new Set([
    key(),
    key(undefined, first.chainId + 1),
    key(undefined, undefined, '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'),
    key(Uint8Array.from(fromHex(first.prfOutput), (b, i) => (i === 31 ? b ^ 1 : b))),
    key(softwarePrf(fromHex(first.credentialSecret), Buffer.from('HealthKey encryption key v2'))),
  ]);
  assert.equal(others.size, 5);
});

test('the scalar is always in [1, n - 1]', () => {
  for (let i = 0; i < 200; i++) {
    const scalar = BigInt(key(softwarePrf(Buffer.of(i), PRF_INPUT)));
    assert.ok(scalar >= 1n && scalar <= CURVE_ORDER - 1n);
  }
});

test('a PRF output of the wrong length, a zero account and an unsafe chain id are refused', () => {
  assert.throws(() => deriveEncryptionKey(new Uint8Array(31), 1, first.account), /32 bytes/);
  assert.throws(() => key(undefined, 1, `0x${'00'.repeat(20)}`), /non-zero/);
  assert.throws(() => key(undefined, 2 ** 53), /chain id/);
});
