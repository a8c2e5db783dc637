// Writes protocol/src/test/resources/vectors/envelope-v1-node.json: record envelope known-answer vectors written by
// interop/envelope-encrypt.mjs (the dApp's writer, node:crypto only, independent of the Java code) with a fixed salt
// and nonce prefix, so that the file is reproducible and Java, given the same header, must write the same bytes and
// open Node's. Each envelope is read back with interop/envelope.mjs before it is written out. The invalid vectors
// are Node-made mutants of a valid envelope that every reader must reject.
//
// Usage: node interop/envelope-vectors.mjs [output file]
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decryptEnvelope, Rejected } from './envelope.mjs';
import { insecureEncryptEnvelopeFileWithFixedSalt } from './envelope-encrypt.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const output = process.argv[2] ?? resolve(ROOT, 'protocol/src/test/resources/vectors/envelope-v1-node.json');

const derived = (label, length) => createHash('sha256').update(`healthkey envelope vector: ${label}`).digest()
  .subarray(0, length);
const hex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest();
/** Byte i of every plaintext is i mod 251, as in the Java-written vectors. */
const pattern = (length) => Buffer.from(Array.from({ length }, (_, i) => i % 251));

const KEY = derived('key', 32);
const OTHER_KEY = derived('another key', 32);
// Patient 0x3c44...93bc (Hardhat #2), category 2, serial 41
const RECORD_ID = Buffer.from('3c44cdddb6a900fa2b585dd299e03d12fa4293bc000200000000000000000029', 'hex');
const OTHER_RECORD_ID = Buffer.from('3c44cdddb6a900fa2b585dd299e03d12fa4293bc00020000000000000000002a', 'hex');
const SALT_AND_NONCE_PREFIX = Buffer.concat([derived('salt', 32), derived('nonce prefix', 7)]);
const WHOLE_UP_TO = 4096;   // envelopes up to this length carry their bytes; longer ones their SHA-256 only

const work = mkdtempSync(join(tmpdir(), 'healthkey-envelope-vectors-'));
async function envelopeOf(plaintext, exponent) {
  const plaintextFile = join(work, 'plaintext');
  const envelopeFile = join(work, 'envelope');
  writeFileSync(plaintextFile, plaintext);
  await insecureEncryptEnvelopeFileWithFixedSalt(KEY, RECORD_ID, SALT_AND_NONCE_PREFIX, exponent, plaintextFile,
    envelopeFile);
  const envelope = readFileSync(envelopeFile);
  if (!decryptEnvelope(KEY, RECORD_ID, envelope, exponent).equals(plaintext)) {
    throw new Error(`envelope.mjs does not read back the ${plaintext.length}-byte envelope`);
  }
  return envelope;
}

function vector(name, result, exponent, plaintextLength, envelope, key = KEY, recordId = RECORD_ID) {
  const entry = {
    name, result, segmentSizeExponent: exponent, key: hex(key), recordId: hex(recordId),
    saltAndNoncePrefix: hex(SALT_AND_NONCE_PREFIX), plaintextLength,
  };
  if (result === 'valid' && plaintextLength <= WHOLE_UP_TO) entry.plaintext = hex(pattern(plaintextLength));
  entry.ciphertextLength = envelope.length;
  entry.ciphertextSha256 = hex(sha256(envelope));
  if (envelope.length <= WHOLE_UP_TO) entry.ciphertext = hex(envelope);
  return entry;
}

const vectors = [];
try {
  for (const [name, exponent, length] of [
    ['v1: empty record, one empty last segment', 20, 0],
    ['v1: one byte', 20, 1],
    ['v1: 1000 bytes', 20, 1000],
    ['v1: one segment and one byte', 20, 2 ** 20 + 1],
    ['test 64-byte segments: exactly one segment', 6, 64],
    ['test 64-byte segments: one segment and one byte', 6, 65],
    ['test 64-byte segments: three segments, the last short', 6, 150],
    ['test 64-byte segments: three full segments', 6, 192],
  ]) {
    vectors.push(vector(name, 'valid', exponent, length, await envelopeOf(pattern(length), exponent)));
  }

  const base = await envelopeOf(pattern(150), 6);     // segments of 80 sealed bytes after the 41-byte header
  const sealed = 64 + 16;
  const segment = (i) => base.subarray(41 + i * sealed, Math.min(base.length, 41 + (i + 1) * sealed));
  const flipped = (at) => {
    const copy = Buffer.from(base);
    copy[at] ^= 0x01;
    return copy;
  };
  const mutants = [
    ['salt bit flipped', flipped(2)],
    ['nonce prefix bit flipped', flipped(40)],
    ['segment size byte changed', (() => { const copy = Buffer.from(base); copy[1] = 7; return copy; })()],
    ['version 2', (() => { const copy = Buffer.from(base); copy[0] = 2; return copy; })()],
    ['ciphertext bit flipped in segment 1', flipped(41 + sealed + 3)],
    ['tag bit flipped in the last segment', flipped(base.length - 1)],
    ['last segment removed', base.subarray(0, 41 + 2 * sealed)],
    ['segments 0 and 1 swapped', Buffer.concat([base.subarray(0, 41), segment(1), segment(0), segment(2)])],
    ['segment 1 duplicated', Buffer.concat([base.subarray(0, 41), segment(0), segment(1), segment(1), segment(2)])],
    ['one byte appended', Buffer.concat([base, Buffer.from([0])])],
    ['truncated inside the header', base.subarray(0, 40)],
  ];
  for (const [what, envelope] of mutants) {
    vectors.push(vector(`test 64-byte segments, three segments: ${what}`, 'invalid', 6, 150, envelope));
  }
  vectors.push(vector('test 64-byte segments, three segments: opened as another record', 'invalid', 6, 150, base,
    KEY, OTHER_RECORD_ID));
  vectors.push(vector('test 64-byte segments, three segments: opened with another key', 'invalid', 6, 150, base,
    OTHER_KEY, RECORD_ID));

  for (const v of vectors.filter((v) => v.result === 'invalid')) {
    try {
      decryptEnvelope(Buffer.from(v.key.slice(2), 'hex'), Buffer.from(v.recordId.slice(2), 'hex'),
        Buffer.from(v.ciphertext.slice(2), 'hex'), 6);
      throw new Error(`envelope.mjs opens the invalid vector "${v.name}"`);
    } catch (e) {
      if (!(e instanceof Rejected)) throw e;
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

writeFileSync(output, `${JSON.stringify({
  generator: 'interop/envelope-vectors.mjs (interop/envelope-encrypt.mjs on node:crypto)',
  format: 'docs/FORMAT.md, Record envelope (segmented AES-256-GCM), version 1',
  plaintext: 'byte i of every plaintext is i mod 251',
  note: 'segmentSizeExponent 6 is a test-only segment size: version 1 readers reject it',
  vectors,
}, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors to ${output}`);
