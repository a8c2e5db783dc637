// Node's writer against Java's known answers of envelope version 2: writes each valid vector of
// protocol/src/test/resources/vectors/envelope-v2.json again with interop/envelope-encrypt.mjs, given the vector's
// salt, nonce prefix and patient slot, and compares the bytes (or, for the long ones, their SHA-256). Prints
// "ok <name>" or "FAIL <name>" per vector; exit 1 on a FAIL. Run by EnvelopeInteropIT.
//
// Usage: node interop/envelope-v2-rewrite.mjs <envelope-v2.json>
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insecureEncryptEnvelopeFileWithFixedSalt } from './envelope-encrypt.mjs';

const bytes = (hex) => Buffer.from(hex.slice(2), 'hex');
const { vectors } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'healthkey-envelope-v2-'));
let failed = 0;
try {
  for (const v of vectors.filter((vector) => vector.result === 'valid')) {
    const plaintextFile = join(work, 'plaintext');
    const envelopeFile = join(work, 'envelope');
    writeFileSync(plaintextFile, Buffer.from(Array.from({ length: v.plaintextLength }, (_, i) => i % 251)));
    await insecureEncryptEnvelopeFileWithFixedSalt(bytes(v.key), bytes(v.recordId), bytes(v.saltAndNoncePrefix),
      v.segmentSizeExponent, plaintextFile, envelopeFile,
      { patientKey: bytes(v.patientKey), wrappedKey: bytes(v.patientSlot) });
    const envelope = readFileSync(envelopeFile);
    const sha256 = `0x${createHash('sha256').update(envelope).digest('hex')}`;
    const same = sha256 === v.ciphertextSha256 && (v.ciphertext === undefined || bytes(v.ciphertext).equals(envelope));
    if (!same) failed++;
    console.log(`${same ? 'ok' : 'FAIL'} ${v.name}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed === 0 ? 0 : 1;
