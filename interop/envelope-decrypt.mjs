// The command line of interop/envelope.mjs, an independent reader of the HealthKey record envelope, versions 1 and
// 2, written from docs/FORMAT.md on node:crypto alone (eciesjs for version 2's slot), to cross-check the Java one.
//
//   node interop/envelope-decrypt.mjs <key 0x..> <record id 0x..> <envelope file> <plaintext out file>
//     decrypts; exit 0, or prints "REJECTED <reason>" and exits 2 when the envelope is not authentic.
//   node interop/envelope-decrypt.mjs --patient-key <private key 0x..> <record id 0x..> <envelope> <plaintext out>
//     the same for a version 2 envelope, with the record key unwrapped from its patient slot: what a patient does
//     with nothing but the envelope and their encryption key.
//   node interop/envelope-decrypt.mjs --vectors <envelope-v1.json or envelope-v2.json>
//     checks known answers: valid ones decrypt to their plaintext (and, in version 2, their slot opens to their
//     key with the patient's private key), invalid ones are rejected. Prints "ok <name>" or "FAIL <name>: <why>"
//     per vector (skipping those without inline ciphertext); exit 1 on a FAIL.
import { readFileSync, writeFileSync } from 'node:fs';
import { decryptEnvelope, recordKeyFromSlot, Rejected } from './envelope.mjs';

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
      const envelope = hex(v.ciphertext, undefined, 'ciphertext');
      const plaintext = decryptEnvelope(hex(v.key, 32, 'key'), hex(v.recordId, 32, 'recordId'), envelope,
        v.segmentSizeExponent);
      const expected = Buffer.alloc(v.plaintextLength, 0).map((_, i) => i % 251);
      outcome = plaintext.equals(expected) ? 'valid' : 'wrong plaintext';
      if (outcome === 'valid' && v.patientPrivateKey !== undefined
          && !recordKeyFromSlot(hex(v.patientPrivateKey, 32, 'patientPrivateKey'), envelope, v.segmentSizeExponent)
            .equals(hex(v.key, 32, 'key'))) {
        outcome = 'slot opens to another key';
      }
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
} else if (args.length === 4 || (args.length === 5 && args[0] === '--patient-key')) {
  const [keyArg, recordId, envelopeFile, plaintextFile] = args.length === 5 ? args.slice(1) : args;
  try {
    const envelope = readFileSync(envelopeFile);
    const key = args.length === 5 ? recordKeyFromSlot(hex(keyArg, 32, 'patient private key'), envelope)
      : hex(keyArg, 32, 'key');
    writeFileSync(plaintextFile, decryptEnvelope(key, hex(recordId, 32, 'record id'), envelope));
  } catch (e) {
    if (!(e instanceof Rejected)) throw e;
    console.log(`REJECTED ${e.message}`);
    process.exitCode = 2;
  }
} else {
  console.error('usage: envelope-decrypt.mjs [--patient-key] <key> <record id> <envelope file> <plaintext file>'
    + ' | --vectors <file>');
  process.exitCode = 64;
}
