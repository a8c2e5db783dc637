// A writer of the HealthKey record envelope, versions 1 and 2, written from docs/FORMAT.md ("Record envelope
// (segmented AES-256-GCM)") on node:crypto alone (and eciesjs for version 2's patient slot): what a dApp does before
// PUT /api/v1/records/{id}/content. It streams file to file, one 1 MiB segment at a time.
// interop/envelope-decrypt.mjs reads what it writes; so does the Java reader.
//
//   node interop/envelope-encrypt.mjs <key 0x..> <record id 0x..> <plaintext file> <envelope file> [<patient key>]
//     with the patient's published encryption key (0x + 66 hex digits) writes version 2, otherwise version 1
import { closeSync, createReadStream, fstatSync, openSync, writeSync } from 'node:fs';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { encrypt as eciesEncrypt } from 'eciesjs';

const SEGMENT_SIZE_EXPONENT = 20;
const SEGMENT_SIZE = 2 ** SEGMENT_SIZE_EXPONENT;
const TAG_LENGTH = 16;
const info = (version) => Buffer.from(`HealthKey record envelope v${version}`, 'ascii');

/**
 * The envelope's length for a plaintext of `plaintextLength` bytes: header (41 bytes in version 1, 203 in version 2),
 * plaintext, one tag per segment.
 */
export function envelopeLength(plaintextLength, version = 2) {
  return (version === 2 ? 203 : 41) + plaintextLength
    + TAG_LENGTH * Math.max(1, Math.ceil(plaintextLength / SEGMENT_SIZE));
}

/**
 * Encrypts the file at `plaintextPath` into a new envelope at `envelopePath`, under the 32-byte record key `key`,
 * bound to the 32-byte `recordId`. Salt and nonce prefix are fresh random bytes; no nonce is taken from the caller.
 * Given `patientKey`, the patient's published encryption key (33 bytes, compressed), writes version 2: the record key
 * wrapped for it travels in the header, and the patient reads the record from the envelope alone. Without it,
 * version 1. Resolves to the envelope's length.
 */
export async function encryptEnvelopeFile(key, recordId, plaintextPath, envelopePath, patientKey = undefined) {
  const slot = patientKey === undefined ? null
    : { patientKey, wrappedKey: Buffer.from(eciesEncrypt(patientKey, key)) };
  return writeEnvelope(key, recordId, randomBytes(39), SEGMENT_SIZE_EXPONENT, slot, plaintextPath, envelopePath);
}

/**
 * INSECURE, for known-answer vectors only (interop/envelope-vectors.mjs, EnvelopeInteropIT): encryptEnvelopeFile
 * with the caller's 39 bytes of salt and nonce prefix, segments of 2^`segmentSizeExponent` bytes and, for version 2,
 * the caller's `slot` ({ patientKey, wrappedKey }, null for version 1) which nothing checks opens to `key`. A salt
 * used twice under one key repeats nonces, and readers reject any segment size but 2^20.
 */
export async function insecureEncryptEnvelopeFileWithFixedSalt(key, recordId, saltAndNoncePrefix, segmentSizeExponent,
    plaintextPath, envelopePath, slot = null) {
  if (saltAndNoncePrefix.length !== 39) throw new Error('the salt and nonce prefix must be 39 bytes');
  return writeEnvelope(key, recordId, saltAndNoncePrefix, segmentSizeExponent, slot, plaintextPath, envelopePath);
}

async function writeEnvelope(key, recordId, saltAndNoncePrefix, segmentSizeExponent, slot, plaintextPath,
    envelopePath) {
  if (key.length !== 32) throw new Error('the record key must be 32 bytes');
  if (recordId.length !== 32) throw new Error('the record id must be 32 bytes');
  if (slot !== null && (slot.patientKey.length !== 33 || slot.wrappedKey.length !== 129)) {
    throw new Error('the patient slot is a 33-byte key and a 129-byte wrapped key');
  }
  const version = slot === null ? 1 : 2;
  const segmentSize = 2 ** segmentSizeExponent;
  const header = Buffer.concat([Buffer.from([version, segmentSizeExponent]), saltAndNoncePrefix,
    ...(slot === null ? [] : [slot.patientKey, slot.wrappedKey])]);
  const segmentKey = Buffer.from(hkdfSync('sha256', key, header.subarray(2, 34), info(version), 32));
  const aad = Buffer.concat([header, recordId]);
  const input = openSync(plaintextPath, 'r');
  const length = fstatSync(input).size;
  closeSync(input);
  const segments = Math.max(1, Math.ceil(length / segmentSize));

  const out = openSync(envelopePath, 'w', 0o600);
  try {
    writeSync(out, header);
    let index = 0;
    const seal = (plaintext) => {
      const nonce = Buffer.alloc(12);
      header.copy(nonce, 0, 34, 41);
      nonce.writeUInt32BE(index, 7);
      nonce[11] = index === segments - 1 ? 1 : 0;
      const cipher = createCipheriv('aes-256-gcm', segmentKey, nonce, { authTagLength: TAG_LENGTH });
      cipher.setAAD(aad);
      writeSync(out, cipher.update(plaintext));
      cipher.final();
      writeSync(out, cipher.getAuthTag());
      index++;
    };
    // highWaterMark = the segment size: the stream then hands over whole segments (the last one shorter).
    let pending = Buffer.alloc(0);
    for await (const chunk of createReadStream(plaintextPath, { highWaterMark: segmentSize })) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= segmentSize && index < segments - 1) {
        seal(pending.subarray(0, segmentSize));
        pending = pending.subarray(segmentSize);
      }
    }
    seal(pending);   // the final segment: 1 to S bytes, or empty for the empty plaintext
    if (index !== segments) throw new Error(`${plaintextPath} changed while it was encrypted`);
  } finally {
    closeSync(out);
  }
  return header.length + length + TAG_LENGTH * segments;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const hex = (text, what, digits = 64) => {
    if (!new RegExp(`^0x[0-9a-fA-F]{${digits}}$`).test(text ?? '')) {
      throw new Error(`${what} must be 0x + ${digits} hex digits`);
    }
    return Buffer.from(text.slice(2), 'hex');
  };
  if (args.length !== 4 && args.length !== 5) {
    console.error('usage: envelope-encrypt.mjs <key 0x..> <record id 0x..> <plaintext file> <envelope file>'
      + ' [<patient encryption key 0x..>]');
    process.exitCode = 64;
  } else {
    await encryptEnvelopeFile(hex(args[0], 'key'), hex(args[1], 'record id'), args[2], args[3],
      args[4] === undefined ? undefined : hex(args[4], 'patient key', 66));
  }
}
