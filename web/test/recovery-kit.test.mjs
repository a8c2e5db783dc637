// The app's recovery kit (src/crypto/recovery-kit.ts, bundled for Node by esbuild: Node has the same WebCrypto)
// against the protocol's vectors (a Node kit and ethers-signed transfers, which Java meets too) and against the
// independent Node implementation, interop/recovery-kit.mjs, both ways: a kit the app makes is recovered there, a kit
// made there is recovered here; and every byte of a kit flipped, a foreign share, another device's transfer and too
// few shares give no key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { build } from 'esbuild';
import { PrivateKey } from 'eciesjs';
import { privateKeyToAccount, generatePrivateKey } from 'viem/accounts';
import * as node from '../../interop/recovery-kit.mjs';

const VECTORS = JSON.parse(readFileSync(new URL('../../protocol/src/test/resources/vectors/recovery-kit.json',
  import.meta.url), 'utf8'));
const BUNDLE = new URL('../target/recovery-kit-test.mjs', import.meta.url);
const bytes = (hex) => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
const hex = (value) => `0x${Buffer.from(value).toString('hex')}`;
const keyOf = (secretHex) => new PrivateKey(bytes(secretHex));
const publicOf = (key) => hex(key.publicKey.toBytes(true));
let app;
before(async () => {
  await build({ entryPoints: [fileURLToPath(new URL('../src/crypto/recovery-kit.ts', import.meta.url))],
    bundle: true, packages: 'external', format: 'esm', platform: 'node', outfile: fileURLToPath(BUNDLE),
    logLevel: 'error' });
  app = await import(BUNDLE);
});

const DOMAIN = () => app.recoveryDomain(VECTORS.domain.chainId, VECTORS.domain.verifyingContract);
const deviceKey = () => keyOf(VECTORS.devicePrivateKey);

test('parses the vector kit to the fields the Node writer put in, and encodes it back byte for byte', () => {
  const kit = app.parseKit(bytes(VECTORS.kit));
  assert.equal(hex(app.encodeKit(kit)), VECTORS.kit);
  assert.deepEqual(kit, node.parseKit(bytes(VECTORS.kit)));
});

test('the vector transfers, signed by ethers, verify and give the patient key back', async () => {
  const kit = app.parseKit(bytes(VECTORS.kit));
  const device = publicOf(deviceKey());
  const transfers = [];
  for (const { message, signature } of VECTORS.transfers) {
    transfers.push(await app.verifyTransfer(kit, DOMAIN(), message, signature, device, VECTORS.now));
  }
  const key = await app.recoverKey(kit, transfers, deviceKey());
  assert.equal(hex(key.secret), VECTORS.patientPrivateKey);
});

test('a transfer signed for another chain, another device, past its deadline or by another key is refused', async () => {
  const kit = app.parseKit(bytes(VECTORS.kit));
  const device = publicOf(deviceKey());
  const { message, signature } = VECTORS.transfers[0];
  const refuse = (promise) => assert.rejects(promise, app.RecoveryRefused);
  await refuse(app.verifyTransfer(kit, app.recoveryDomain(1, VECTORS.domain.verifyingContract), message, signature,
    device, VECTORS.now));
  await refuse(app.verifyTransfer(kit, DOMAIN(), message, signature, publicOf(new PrivateKey()), VECTORS.now));
  await refuse(app.verifyTransfer(kit, DOMAIN(), message, signature, device, Number(message.deadline) + 1));
  await refuse(app.verifyTransfer(kit, DOMAIN(), { ...message, share: VECTORS.transfers[1].message.share }, signature,
    device, VECTORS.now));
  await refuse(app.verifyTransfer(kit, app.recoveryDomain(VECTORS.domain.chainId,
    '0x0000000000000000000000000000000000000001'), message, signature, device, VECTORS.now));
  assert.equal((await app.verifyTransfer(kit, DOMAIN(), message, '0x' + '11'.repeat(65), device, VECTORS.now,
    async () => true)).guardian, message.guardian, 'a contract wallet that says yes is asked');
});

test('a kit the app makes is recovered by the Node implementation, with transfers signed in the app', async () => {
  const patientKey = new PrivateKey();
  const guardians = [0, 1, 2].map(() => ({ account: privateKeyToAccount(generatePrivateKey()), key: new PrivateKey() }));
  const kit = await app.createKit({ key: patientKey, patient: privateKeyToAccount(generatePrivateKey()).address,
    chainId: VECTORS.domain.chainId, threshold: 2,
    guardians: guardians.map((g) => ({ address: g.account.address, encryptionKey: publicOf(g.key) })) });
  const parsed = node.parseKit(app.encodeKit(kit));
  const device = new PrivateKey();
  const domain = DOMAIN();
  const transfers = [];
  for (const g of guardians.slice(0, 2)) {
    const message = app.transferShare(kit, g.key, publicOf(device), BigInt(VECTORS.now + 600));
    const signature = await g.account.signTypedData({ domain, types: app.SHARE_TRANSFER_TYPES,
      primaryType: 'ShareTransfer', message: { ...message, deadline: BigInt(message.deadline) } });
    transfers.push(node.verifyTransfer(parsed, domain, message, signature, publicOf(device), VECTORS.now));
  }
  assert.equal(await node.recover(parsed, transfers, hex(device.secret)), hex(patientKey.secret));
});

test('a kit the Node implementation makes is recovered by the app', async () => {
  const patientKey = new PrivateKey();
  const guardians = [0, 1, 2].map(() => ({ account: privateKeyToAccount(generatePrivateKey()), key: new PrivateKey() }));
  const made = await node.createKit({ patientPrivateKey: hex(patientKey.secret),
    patient: privateKeyToAccount(generatePrivateKey()).address, chainId: VECTORS.domain.chainId, threshold: 2,
    createdAt: VECTORS.now, guardians: guardians.map((g) => ({ address: g.account.address, encryptionKey: publicOf(g.key) })) });
  const kit = app.parseKit(node.encodeKit(made));
  const device = new PrivateKey();
  const transfers = guardians.slice(1).map((g) => node.transferShare(made, hex(g.key.secret), publicOf(device),
    VECTORS.now + 600));
  assert.equal(hex((await app.recoverKey(kit, transfers, device)).secret), hex(patientKey.secret));
  await assert.rejects(app.recoverKey(kit, transfers.slice(1), device), app.RecoveryRefused, 'one share of two');
  await assert.rejects(app.recoverKey(kit, [transfers[0], transfers[0]], device), app.RecoveryRefused, 'one guardian twice');
  await assert.rejects(app.recoverKey(kit, transfers, new PrivateKey()), app.RecoveryRefused, 'another device key');
});

/** Every header byte, the first and last byte of each guardian's address, key and wrapped share, every byte of the
 * wrapped private key: each field and each rule, at a cost a unit suite can pay (the Java RecoveryKitMutationTest
 * flips all of them). */
function mutatedOffsets(length) {
  const offsets = new Set(Array.from({ length: 108 }, (_, i) => i));
  for (let at = 108; at < length - 60; at += 183) {
    for (const [from, size] of [[0, 20], [20, 33], [53, 130]]) offsets.add(at + from).add(at + from + size - 1);
  }
  for (let i = length - 60; i < length; i++) offsets.add(i);
  return [...offsets];
}

test('a kit with any field flipped is refused or gives no key, never a wrong one', async () => {
  const original = bytes(VECTORS.kit);
  const transfers = VECTORS.transfers.map((t) => t.message);
  for (const i of mutatedOffsets(original.length)) {
    const mutated = Uint8Array.from(original);
    mutated[i] ^= 0x01;
    let kit;
    try {
      kit = app.parseKit(mutated);
    } catch (error) {
      assert.ok(error instanceof app.KitInvalid, `byte ${i}: ${error}`);
      continue;
    }
    await assert.rejects(app.recoverKey(kit, transfers, deviceKey()), app.RecoveryRefused, `byte ${i}`);
  }
  assert.throws(() => app.parseKit(original.subarray(1)), app.KitInvalid, 'truncated');
  assert.throws(() => app.parseKit(Uint8Array.from([...original, 0])), app.KitInvalid, 'extended');
});
