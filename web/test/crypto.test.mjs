// The app's crypto (src/crypto, bundled for Node by esbuild: Node has the same WebCrypto and Blob) against the
// independent readers of interop/: envelopes open with interop/envelope.mjs and are refused when changed, CIDs equal
// interop/cid-oracle.mjs's, read-receipt roots equal @openzeppelin/merkle-tree's, and an envelope streamed into a
// file is presented (its sink closed) only once every segment and its CID were checked.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { build } from 'esbuild';
import { PrivateKey } from 'eciesjs';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { decryptEnvelope, recordKeyFromSlot } from '../../interop/envelope.mjs';
import { importFile } from '../../interop/cid-oracle.mjs';

const MiB = 2 ** 20;
/** Inside web/, so that the bundle's imports resolve to web/node_modules. */
const BUNDLE = new URL('../target/crypto-test.mjs', import.meta.url);
let app;
before(async () => {
  await build({
    stdin: { contents: `export * from './src/crypto/envelope'; export * from './src/crypto/cid';
      export * from './src/crypto/receipts'; export * from './src/crypto/decrypt-verified';`, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
    bundle: true, packages: 'external', format: 'esm', platform: 'node', outfile: fileURLToPath(BUNDLE),
    logLevel: 'error',
  });
  app = await import(BUNDLE);
});

const bytesOf = async (blob) => Buffer.from(await blob.arrayBuffer());

function fixture(size) {
  const patient = new PrivateKey();
  return { patient, recordKey: new Uint8Array(randomBytes(32)), recordId: new Uint8Array(randomBytes(32)),
    plaintext: randomBytes(size) };
}

async function encrypted({ patient, recordKey, recordId, plaintext }) {
  return bytesOf(await app.encryptToBlob(new Blob([plaintext]), recordKey, recordId,
    new Uint8Array(patient.publicKey.toBytes(true))));
}

for (const size of [0, 1, MiB, MiB + 1, 2.5 * MiB]) {
  test(`an envelope of ${size} bytes opens with the independent reader, and with the app`, async () => {
    const f = fixture(size);
    const envelope = await encrypted(f);
    assert.ok(decryptEnvelope(Buffer.from(f.recordKey), Buffer.from(f.recordId), envelope).equals(f.plaintext));
    assert.ok(recordKeyFromSlot(f.patient.secret, envelope).equals(Buffer.from(f.recordKey)));
    const opened = await app.decryptToBlob(new Blob([envelope]), f.recordKey, f.recordId, 'application/pdf');
    assert.equal(opened.type, 'application/pdf');
    assert.ok((await bytesOf(opened)).equals(f.plaintext));
  });
}

test('the app refuses an envelope changed anywhere, cut short, for another id or key', async () => {
  const f = fixture(2 * MiB + 5);
  const envelope = await encrypted(f);
  const refuse = (bytes, key = f.recordKey, id = f.recordId) =>
    assert.rejects(app.decryptToBlob(new Blob([bytes]), key, id, 'x/y'), app.EnvelopeRejected);
  for (const at of [0, 1, 2, 40, 41, 100, 202, 203, MiB + 203, envelope.length - 1]) {
    const changed = Buffer.from(envelope);
    changed[at] ^= 0x01;
    await refuse(changed);
  }
  await refuse(envelope.subarray(0, 203 + MiB + 16));  // the last segment dropped: the new last is not marked last
  await refuse(envelope.subarray(0, envelope.length - 1));
  await refuse(envelope, f.recordKey, new Uint8Array(randomBytes(32)));
  await refuse(envelope, new Uint8Array(randomBytes(32)));
});

/** The envelope in chunks of random sizes up to `largest`, as a fetch body delivers it. */
async function* inChunks(envelope, largest) {
  for (let at = 0; at < envelope.length;) {
    const length = 1 + Math.floor(Math.random() * largest);
    yield new Uint8Array(envelope.subarray(at, at + length));
    at += length;
  }
}

/** A sink that keeps what it is given and records whether it was closed (presented) or aborted (discarded). */
function recordingSink() {
  const sink = { written: [], closed: false, aborted: false };
  return Object.assign(sink, {
    write: async (plaintext) => { sink.written.push(Buffer.from(plaintext)); },
    close: async () => { sink.closed = true; },
    abort: async () => { sink.aborted = true; },
  });
}

/** Sizes, and the largest chunk a stream of them comes in: tiny chunks cross the header's and a segment's ends. */
for (const [size, largest] of [[1, 7], [MiB, 1000], [MiB + 1, 65536], [2.5 * MiB, 3 * MiB], [2.5 * MiB, 20_000]]) {
  test(`an envelope of ${size} bytes streamed in chunks of up to ${largest} is decrypted into the sink, then presented`,
    async () => {
      const f = fixture(size);
      const envelope = await encrypted(f);
      const sink = recordingSink();
      let read = 0;
      await app.decryptVerified(inChunks(envelope, largest), (await importFile(envelope)).cid, f.recordKey,
        f.recordId, sink, (bytes) => { read = bytes; });
      assert.ok(Buffer.concat(sink.written).equals(f.plaintext));
      assert.deepEqual([sink.closed, sink.aborted, read], [true, false, envelope.length]);
    });
}

test('a streamed envelope changed, cut short, for another record, or not under its CID is never presented',
  async () => {
    const f = fixture(2 * MiB + 5);
    const envelope = await encrypted(f);
    const cid = (await importFile(envelope)).cid;
    const refuse = async (bytes, expected, { id = f.recordId, expectedCid = cid } = {}) => {
      const sink = recordingSink();
      await assert.rejects(app.decryptVerified(inChunks(bytes, 300_000), expectedCid, f.recordKey, id, sink),
        expected);
      assert.deepEqual([sink.closed, sink.aborted], [false, true]);
      return sink;
    };
    for (const at of [0, 1, 100, 203, MiB + 203 + 16, envelope.length - 1]) {
      const changed = Buffer.from(envelope);
      changed[at] ^= 0x01;
      await refuse(changed, app.EnvelopeRejected);
    }
    const cut = await refuse(envelope.subarray(0, 203 + 2 * (MiB + 16)), app.EnvelopeRejected);
    assert.equal(Buffer.concat(cut.written).length, MiB, 'segments before the cut were written, and discarded');
    await refuse(envelope, app.EnvelopeRejected, { id: new Uint8Array(randomBytes(32)) });
    const otherCid = (await importFile(Buffer.from('another ciphertext'))).cid;
    const unanchored = await refuse(envelope, app.CidMismatch, { expectedCid: otherCid });
    assert.ok(Buffer.concat(unanchored.written).equals(f.plaintext),
      'authentic segments under another CID: all written, still discarded');
  });

for (const size of [1, 262144, 262145, 3 * MiB + 7]) {
  test(`the CID of ${size} bytes is the one Kubo's importer settings give`, async () => {
    const bytes = randomBytes(size);
    assert.equal(await app.cidOf(new Blob([bytes])), (await importFile(bytes)).cid);
  });
}

test('segments sealed part by part, and sealed again, are the one envelope: it opens, and its CID is the oracle\'s',
  async () => {
    const f = fixture(5 * MiB + 3);
    const header = app.newHeader(f.recordKey, new Uint8Array(f.patient.publicKey.toBytes(true)));
    const sealer = await app.EnvelopeSealer.of(f.recordKey, f.recordId, header, f.plaintext.length);
    const file = new Blob([f.plaintext]);
    const parts = [await app.sealSegments(sealer, file, 0, 2), await app.sealSegments(sealer, file, 2, 5),
      await app.sealSegments(sealer, file, 5, 6)];
    const envelope = Buffer.concat(await Promise.all(parts.map(bytesOf)));
    assert.equal(envelope.length, sealer.envelopeSize);
    assert.deepEqual([sealer.offsetOf(2), sealer.offsetOf(5), sealer.offsetOf(6)],
      [203 + 2 * (MiB + 16), 203 + 5 * (MiB + 16), envelope.length]);
    assert.ok(decryptEnvelope(Buffer.from(f.recordKey), Buffer.from(f.recordId), envelope).equals(f.plaintext));
    assert.ok((await bytesOf(await app.sealSegments(sealer, file, 2, 5))).equals(await bytesOf(parts[1])),
      'the same plaintext sealed again under the same nonces');
    const chunks = async function* () { for (const part of parts) yield new Uint8Array(await bytesOf(part)); };
    assert.equal(await app.cidOfChunks(chunks()), (await importFile(envelope)).cid);
  });

test('a read receipt leads to the root OpenZeppelin\'s tree builds, and a changed receipt does not', () => {
  const leafTypes = ['bytes32', 'uint64', 'address', 'address', 'bytes32', 'uint64', 'bool', 'uint64'];
  const leaf = (readId, allowed) => [`0x${randomBytes(32).toString('hex')}`, String(readId),
    '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    `0x${randomBytes(32).toString('hex')}`, '1767225600', allowed, '1'];
  const leaves = [leaf(1, true), leaf(2, false), leaf(3, true)];
  const tree = StandardMerkleTree.of(leaves, leafTypes);
  const proofOf = (values) => ({
    leafTypes, proof: tree.getProof(1),
    leaf: { salt: values[0], readId: values[1], patient: values[2], reader: values[3], recordId: values[4],
      readAt: values[5], allowed: values[6], count: values[7] },
  });
  assert.equal(app.leafHash(proofOf(leaves[1])), tree.leafHash(leaves[1]));
  assert.equal(app.rootOf(proofOf(leaves[1])), tree.root);
  assert.notEqual(app.rootOf(proofOf(leaves[1].map((v, i) => (i === 6 ? true : v)))), tree.root);
  assert.notEqual(app.rootOf(proofOf(leaves[1].map((v, i) => (i === 1 ? '4' : v)))), tree.root);
});
