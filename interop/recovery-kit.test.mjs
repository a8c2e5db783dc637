// The recovery kit's rules, on the Node side: node --test interop/recovery-kit.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PrivateKey } from 'eciesjs';
import { Wallet } from 'ethers';
import {
  createKit, encodeKit, fromHex, parseKit, recover, recoveryDomain, signTransfer, toHex, transferShare, verifyTransfer,
} from './recovery-kit.mjs';

const CHAIN = 31337;
const REGISTRY = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const DOMAIN = recoveryDomain(CHAIN, REGISTRY);
const NOW = 1_800_000_000;
const patient = Wallet.createRandom();
const patientKey = new PrivateKey();
const device = new PrivateKey();
const devicePublic = toHex(device.publicKey.toBytes(true));
const newGuardian = () => ({ wallet: Wallet.createRandom(), key: new PrivateKey() });
const people = [newGuardian(), newGuardian(), newGuardian()];
const asGuardian = (g) => ({ address: g.wallet.address, encryptionKey: toHex(g.key.publicKey.toBytes(true)) });

const makeKit = (guardians = people, threshold = 2) => createKit({
  patientPrivateKey: toHex(patientKey.secret), patient: patient.address, chainId: CHAIN,
  guardians: guardians.map(asGuardian), threshold, createdAt: NOW,
});

async function released(kit, g, { recipient = devicePublic, deadline = NOW + 600, domain = DOMAIN } = {}) {
  const message = transferShare(kit, toHex(g.key.secret), recipient, deadline);
  return { message, signature: await signTransfer(g.wallet, domain, message) };
}

test('two of three guardians give the key back, and the kit round-trips its bytes', async () => {
  const kit = await makeKit();
  assert.deepEqual(parseKit(encodeKit(kit)), kit);
  const transfers = [];
  for (const g of people.slice(1)) {
    const { message, signature } = await released(kit, g);
    transfers.push(verifyTransfer(kit, DOMAIN, message, signature, devicePublic, NOW));
  }
  assert.equal(await recover(kit, transfers, toHex(device.secret)), toHex(patientKey.secret));
});

test('fewer than k shares recover nothing', async () => {
  const kit = await makeKit(people, 3);
  const transfers = [(await released(kit, people[0])).message, (await released(kit, people[1])).message];
  await assert.rejects(recover(kit, transfers, toHex(device.secret)), /recovery failed/);
});

test('a corrupted share is detected, never a wrong key', async () => {
  const kit = await makeKit();
  const [a, b] = [(await released(kit, people[0])).message, (await released(kit, people[1])).message];
  const bytes = fromHex(b.share);
  for (const at of [0, 70, 97, bytes.length - 1]) {
    const corrupted = Uint8Array.from(bytes);
    corrupted[at] ^= 1;
    await assert.rejects(recover(kit, [a, { ...b, share: toHex(corrupted) }], toHex(device.secret)), /recovery failed/);
  }
});

test('a share wrapped for one guardian does not open for another', async () => {
  const kit = await makeKit();
  const stolen = { ...kit, guardians: kit.guardians.map((g, i) => (i === 1 ? { ...g, wrappedShare: kit.guardians[0].wrappedShare } : g)) };
  assert.throws(() => transferShare(stolen, toHex(people[1].key.secret), devicePublic, NOW + 600));
});

test('transfers by a non-guardian, for another kit or recipient, expired or for another chain are refused', async () => {
  const kit = await makeKit();
  const other = await makeKit();
  const { message, signature } = await released(kit, people[0]);
  const stranger = Wallet.createRandom();
  const forged = { ...message, guardian: stranger.address };
  const strangerSignature = await signTransfer(stranger, DOMAIN, forged);
  assert.throws(() => verifyTransfer(kit, DOMAIN, forged, strangerSignature, devicePublic, NOW), /not a guardian/);
  assert.throws(() => verifyTransfer(other, DOMAIN, message, signature, devicePublic, NOW), /another kit/);
  const thief = toHex(new PrivateKey().publicKey.toBytes(true));
  assert.throws(() => verifyTransfer(kit, DOMAIN, message, signature, thief, NOW), /another recipient/);
  assert.throws(() => verifyTransfer(kit, DOMAIN, { ...message, recipientPublicKey: thief }, signature, thief, NOW), /not the guardian/);
  assert.throws(() => verifyTransfer(kit, DOMAIN, message, signature, devicePublic, NOW + 601), /expired/);
  const mainnet = await released(kit, people[0], { domain: recoveryDomain(1, REGISTRY) });
  assert.throws(() => verifyTransfer(kit, DOMAIN, mainnet.message, mainnet.signature, devicePublic, NOW), /not the guardian/);
  assert.throws(() => verifyTransfer(kit, recoveryDomain(1, REGISTRY), message, signature, devicePublic, NOW), /another chain/);
});

test('after rotation to a new guardian set, a removed guardian\'s old share is useless', async () => {
  const old = await makeKit();
  const rotated = await makeKit([people[1], people[2], newGuardian()]);
  const removedShare = (await released(old, people[0])).message;
  const keptShare = (await released(rotated, people[1])).message;
  await assert.rejects(recover(rotated, [{ ...removedShare, kitId: rotated.kitId }, keptShare], toHex(device.secret)), /recovery failed/);
});

// Every field, at its first, middle and last byte (the Java RecoveryKitMutationTest flips every byte).
const FIELDS = [['magic', 0, 4], ['version', 4, 1], ['chainId', 5, 8], ['patient', 13, 20], ['kitId', 33, 32],
  ['createdAt', 65, 8], ['patientPublicKey', 73, 33], ['k', 106, 1], ['n', 107, 1],
  ...[0, 1, 2].flatMap((i) => [[`guardian ${i} address`, 108 + 183 * i, 20], [`guardian ${i} key`, 128 + 183 * i, 33],
    [`guardian ${i} wrapped share`, 161 + 183 * i, 130]]),
  ['wrapped private key nonce', 657, 12], ['wrapped private key ciphertext', 669, 32], ['wrapped private key tag', 701, 16]];

test('a change in any field of the kit is refused when parsed or keeps the private key shut', async () => {
  const kit = await makeKit();
  const transfers = [(await released(kit, people[0])).message, (await released(kit, people[1])).message];
  const bytes = encodeKit(kit);
  assert.equal(bytes.length, 717);
  for (const [field, start, length] of FIELDS) {
    for (const at of new Set([start, start + (length >> 1), start + length - 1])) {
      const mutated = Buffer.from(bytes);
      mutated[at] ^= 0x01;
      let parsed;
      try {
        parsed = parseKit(mutated);
      } catch {
        continue;
      }
      const forTransfers = transfers.map((t) => ({ ...t, kitId: parsed.kitId }));
      await assert.rejects(recover(parsed, forTransfers, toHex(device.secret)), /recovery failed/, `${field} byte ${at}`);
    }
  }
  assert.equal(await recover(parseKit(bytes), transfers, toHex(device.secret)), toHex(patientKey.secret));
  assert.throws(() => parseKit(bytes.subarray(0, bytes.length - 1)));
  assert.throws(() => parseKit(Buffer.concat([bytes, Buffer.of(0)])));
});
