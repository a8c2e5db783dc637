// A writer of the HealthKey record envelope, version 1, written from docs/FORMAT.md ("Record envelope (segmented
// AES-256-GCM)") on node:crypto alone: what a dApp does before PUT /api/v1/records/{id}/content. It streams file to
// file, one 1 MiB segment at a time. interop/envelope-decrypt.mjs reads what it writes; so does the Java reader.
//
//   node interop/envelope-encrypt.mjs <key 0x..> <record id 0x..> <plaintext file> <envelope file>
import { closeSync, createReadStream, fstatSync, openSync, writeSync } from 'node:fs';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const VERSION = 0x01;
const SEGMENT_SIZE_EXPONENT = 20;
const SEGMENT_SIZE = 2 ** SEGMENT_SIZE_EXPONENT;
const TAG_LENGTH = 16;
const INFO = Buffer.from('HealthKey record envelope v1', 'ascii');

/** The envelope's length for a plaintext of `plaintextLength` bytes: header, plaintext, one tag per segment. */
export function envelopeLength(plaintextLength) {
  return 41 + plaintextLength + TAG_LENGTH * Math.max(1, Math.ceil(plaintextLength / SEGMENT_SIZE));
}

/**
 * Encrypts the file at `plaintextPath` into a new envelope at `envelopePath`, under the 32-byte record key `key`,
 * bound to the 32-byte `recordId`. Salt and nonce prefix are fresh random bytes; no nonce is taken from the caller.
 * Resolves to the envelope's length.
 */
export async function encryptEnvelopeFile(key, recordId, plaintextPath, envelopePath) {
  return writeEnvelope(key, recordId, randomBytes(39), SEGMENT_SIZE_EXPONENT, plaintextPath, envelopePath);
}

/**
 * INSECURE, for known-answer vectors only (interop/envelope-vectors.mjs): encryptEnvelopeFile with the caller's
 * 39 bytes of salt and nonce prefix and segments of 2^`segmentSizeExponent` bytes. A salt used twice under one key
 * repeats nonces, and version 1 readers reject any segment size but 2^20.
 */
export async function insecureEncryptEnvelopeFileWithFixedSalt(key, recordId, saltAndNoncePrefix, segmentSizeExponent,
    plaintextPath, envelopePath) {
  if (saltAndNoncePrefix.length !== 39) throw new Error('the salt and nonce prefix must be 39 bytes');
  return writeEnvelope(key, recordId, saltAndNoncePrefix, segmentSizeExponent, plaintextPath, envelopePath);
}

async function writeEnvelope(key, recordId, saltAndNoncePrefix, segmentSizeExponent, plaintextPath, envelopePath) {
  if (key.length !== 32) throw new Error('the record key must be 32 bytes');
  if (recordId.length !== 32) throw new Error('the record id must be 32 bytes');
  const segmentSize = 2 ** segmentSizeExponent;
  const header = Buffer.concat([Buffer.from([VERSION, segmentSizeExponent]), saltAndNoncePrefix]);
  const segmentKey = Buffer.from(hkdfSync('sha256', key, header.subarray(2, 34), INFO, 32));
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
  return 41 + length + TAG_LENGTH * segments;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const hex = (text, what) => {
    if (!/^0x[0-9a-fA-F]{64}$/.test(text ?? '')) throw new Error(`${what} must be 0x + 64 hex digits`);
    return Buffer.from(text.slice(2), 'hex');
  };
  if (args.length !== 4) {
    console.error('usage: envelope-encrypt.mjs <key 0x..> <record id 0x..> <plaintext file> <envelope file>');
    process.exitCode = 64;
  } else {
    await encryptEnvelopeFile(hex(args[0], 'key'), hex(args[1], 'record id'), args[2], args[3]);
  }
}
