// The command line of interop/envelope.mjs, an independent reader of the HealthKey record envelope, version 1,
// written from docs/FORMAT.md on node:crypto alone, to cross-check the Java implementation.
//
//   node interop/envelope-decrypt.mjs <key 0x..> <record id 0x..> <envelope file> <plaintext out file>
//     decrypts; exit 0, or prints "REJECTED <reason>" and exits 2 when the envelope is not authentic.
//   node interop/envelope-decrypt.mjs --vectors <envelope-v1.json>
//     checks known answers: valid ones decrypt to their plaintext, invalid ones are rejected. Prints
//     "ok <name>" or "FAIL <name>: <why>" per vector (skipping those without inline ciphertext); exit 1 on a FAIL.
import { readFileSync, writeFileSync } from 'node:fs';
import { decryptEnvelope, Rejected } from './envelope.mjs';

function hex(text, length, what) {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(text)) throw new Error(`${what} is not 0x-prefixed hex`);
  const bytes = Buffer.from(text.slice(2), 'hex');
  if (length !== undefined && bytes.length !== length) throw new Error(`${what} must be ${length} bytes`);
  return bytes;
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
