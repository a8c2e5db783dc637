// An independent reader of the HealthKey record envelope, version 1, written from docs/FORMAT.md
// ("Record envelope (segmented AES-256-GCM)") on node:crypto alone, to cross-check the Java implementation.
//
//   node interop/envelope-decrypt.mjs <key 0x..> <record id 0x..> <envelope file> <plaintext out file>
//     decrypts; exit 0, or prints "REJECTED <reason>" and exits 2 when the envelope is not authentic.
//   node interop/envelope-decrypt.mjs --vectors <envelope-v1.json>
//     checks known answers: valid ones decrypt to their plaintext, invalid ones are rejected. Prints
//     "ok <name>" or "FAIL <name>: <why>" per vector (skipping those without inline ciphertext); exit 1 on a FAIL.
import { createDecipheriv, hkdfSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const VERSION = 0x01;
const SEGMENT_SIZE_EXPONENT = 20;
const HEADER_LENGTH = 41;
const TAG_LENGTH = 16;
const INFO = Buffer.from('HealthKey record envelope v1', 'ascii');

class Rejected extends Error {}

function hex(text, length, what) {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(text)) throw new Error(`${what} is not 0x-prefixed hex`);
  const bytes = Buffer.from(text.slice(2), 'hex');
  if (length !== undefined && bytes.length !== length) throw new Error(`${what} must be ${length} bytes`);
  return bytes;
}

// expectedExponent: 20 for version 1; the vectors also use test-only segment sizes.
export function decryptEnvelope(key, recordId, envelope, expectedExponent = SEGMENT_SIZE_EXPONENT) {
  if (envelope.length >= 1 && envelope[0] !== VERSION) throw new Rejected(`unsupported version ${envelope[0]}`);
  if (envelope.length < HEADER_LENGTH) throw new Rejected('truncated header');
  if (envelope[1] !== expectedExponent) throw new Rejected(`segment size exponent ${envelope[1]}`);
  const header = envelope.subarray(0, HEADER_LENGTH);
  const salt = header.subarray(2, 34);
  const noncePrefix = header.subarray(34, 41);
  const segmentKey = Buffer.from(hkdfSync('sha256', key, salt, INFO, 32));
  const aad = Buffer.concat([header, recordId]);
  const sealedSize = 2 ** expectedExponent + TAG_LENGTH;

  const body = envelope.subarray(HEADER_LENGTH);
  const pieces = [];
  for (let at = 0; at < body.length; at += sealedSize) pieces.push(body.subarray(at, at + sealedSize));
  if (pieces.length === 0) throw new Rejected('no segments');
  if (pieces.at(-1).length < TAG_LENGTH) throw new Rejected('last segment shorter than its tag');
  if (pieces.length > 2 ** 32) throw new Rejected('more than 2^32 segments');

  const plaintext = [];
  pieces.forEach((piece, index) => {
    const nonce = Buffer.alloc(12);
    noncePrefix.copy(nonce, 0);
    nonce.writeUInt32BE(index, 7);
    nonce[11] = index === pieces.length - 1 ? 1 : 0;
    const decipher = createDecipheriv('aes-256-gcm', segmentKey, nonce, { authTagLength: TAG_LENGTH });
    decipher.setAAD(aad);
    decipher.setAuthTag(piece.subarray(piece.length - TAG_LENGTH));
    const out = decipher.update(piece.subarray(0, piece.length - TAG_LENGTH));
    try {
      decipher.final();
    } catch {
      throw new Rejected(`segment ${index} failed authentication`);
    }
    plaintext.push(out);
  });
  return Buffer.concat(plaintext);
}

function checkVectors(file) {
  const { vectors } = JSON.parse(readFileSync(file, 'utf8'));
  let failed = 0;
  for (const v of vectors) {
    if (v.ciphertext === undefined) {
      console.log(`skip ${v.name}`);
      continue;
    }
    let outcome;
    try {
      const plaintext = decryptEnvelope(hex(v.key, 32, 'key'), hex(v.recordId, 32, 'recordId'),
        hex(v.ciphertext, undefined, 'ciphertext'), v.segmentSizeExponent);
      const expected = Buffer.alloc(v.plaintextLength, 0).map((_, i) => i % 251);
      outcome = plaintext.equals(expected) ? 'valid' : 'wrong plaintext';
    } catch (e) {
      if (!(e instanceof Rejected)) throw e;
      outcome = 'invalid';
    }
    if (outcome === v.result) {
      console.log(`ok ${v.name}`);
    } else {
      failed++;
      console.log(`FAIL ${v.name}: expected ${v.result}, got ${outcome}`);
    }
  }
  process.exitCode = failed === 0 ? 0 : 1;
}

const args = process.argv.slice(2);
if (args[0] === '--vectors' && args.length === 2) {
  checkVectors(args[1]);
} else if (args.length === 4) {
  try {
    const plaintext = decryptEnvelope(hex(args[0], 32, 'key'), hex(args[1], 32, 'record id'), readFileSync(args[2]));
    writeFileSync(args[3], plaintext);
  } catch (e) {
    if (!(e instanceof Rejected)) throw e;
    console.log(`REJECTED ${e.message}`);
    process.exitCode = 2;
  }
} else {
  console.error('usage: envelope-decrypt.mjs <key> <record id> <envelope file> <plaintext file> | --vectors <file>');
  process.exitCode = 64;
}
