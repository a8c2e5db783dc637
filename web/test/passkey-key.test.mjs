// The app's passkey key derivation (src/crypto/passkey-key.ts, bundled for Node by esbuild: Node has the same
// WebCrypto) against the protocol's vectors, which node:crypto (interop/passkey-key.mjs) and Java both meet; and
// a flipped bit of the PRF output, another chain or another account gives another key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { build } from 'esbuild';
import { PrivateKey } from 'eciesjs';

const VECTORS = JSON.parse(readFileSync(new URL('../../protocol/src/test/resources/vectors/passkey-key.json',
  import.meta.url), 'utf8'));
const BUNDLE = new URL('../target/passkey-key-test.mjs', import.meta.url);
const bytes = (hex) => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
const hex = (value) => `0x${Buffer.from(value).toString('hex')}`;
let app;
before(async () => {
  await build({ entryPoints: [fileURLToPath(new URL('../src/crypto/passkey-key.ts', import.meta.url))],
    bundle: true, packages: 'external', format: 'esm', platform: 'node', outfile: fileURLToPath(BUNDLE),
    logLevel: 'error' });
  app = await import(BUNDLE);
});

test('the PRF input is the one FORMAT.md and the protocol pin', () => {
  assert.equal(hex(app.PRF_INPUT), VECTORS.prfInput);
});

for (const vector of VECTORS.vectors) {
  test(`meets the protocol's vector: ${vector.name}`, async () => {
    assert.equal(hex(app.info(vector.chainId, vector.account)), vector.info);
    const key = await app.deriveEncryptionKey(bytes(vector.prfOutput), vector.chainId, vector.account);
    assert.equal(hex(key), vector.privateKey);
    assert.equal(hex(PrivateKey.fromHex(hex(key).slice(2)).publicKey.toBytes(true)), vector.publicKey);
  });
}

test('another PRF output bit, chain or account gives another key', async () => {
  const [first] = VECTORS.vectors;
  const expected = first.privateKey;
  for (let bit = 0; bit < 256; bit += 37) {
    const flipped = bytes(first.prfOutput);
    flipped[bit >> 3] ^= 1 << (bit & 7);
    assert.notEqual(hex(await app.deriveEncryptionKey(flipped, first.chainId, first.account)), expected);
  }
  assert.notEqual(hex(await app.deriveEncryptionKey(bytes(first.prfOutput), first.chainId + 1, first.account)),
    expected);
  assert.notEqual(hex(await app.deriveEncryptionKey(bytes(first.prfOutput), first.chainId,
    `0x${'11'.repeat(20)}`)), expected);
});

test('refuses a PRF output of another length, a zero account and a chain id out of range', async () => {
  const [first] = VECTORS.vectors;
  await assert.rejects(app.deriveEncryptionKey(new Uint8Array(31), first.chainId, first.account), RangeError);
  assert.throws(() => app.info(first.chainId, `0x${'00'.repeat(20)}`), RangeError);
  assert.throws(() => app.info(0, first.account), RangeError);
  assert.throws(() => app.info(2 ** 53, first.account), RangeError);
});
