// An independent reader of the HealthKey record envelope, versions 1 and 2, written from docs/FORMAT.md
// ("Record envelope (segmented AES-256-GCM)") on node:crypto alone (and eciesjs for version 2's patient slot), to
// cross-check the Java implementation. Imported by envelope-decrypt.mjs (the command line) and journey.mjs (a dApp
// reading records).
import { createDecipheriv, hkdfSync } from 'node:crypto';
import { decrypt as eciesDecrypt } from 'eciesjs';

const SEGMENT_SIZE_EXPONENT = 20;
/** Header length by version: version 2 adds the patient's key (33) and the record key wrapped for it (129). */
const HEADER_LENGTH = { 1: 41, 2: 203 };
const TAG_LENGTH = 16;
const info = (version) => Buffer.from(`HealthKey record envelope v${version}`, 'ascii');

/** The envelope is not authentic for this key and record id, or not a version 1 or 2 envelope. */
export class Rejected extends Error {}

/** The version and header of `envelope`, checked for shape: a known version, the segment size, the whole header. */
function headerOf(envelope, expectedExponent) {
  const version = envelope[0];
  if (envelope.length >= 1 && HEADER_LENGTH[version] === undefined) throw new Rejected(`unsupported version ${version}`);
  if (envelope.length < (HEADER_LENGTH[version] ?? 41)) throw new Rejected('truncated header');
  if (envelope[1] !== expectedExponent) throw new Rejected(`segment size exponent ${envelope[1]}`);
  return { version, header: envelope.subarray(0, HEADER_LENGTH[version]) };
}

/**
 * The patient's slot of a version 2 envelope, `{ patientKey (33 bytes, compressed), wrappedKey (129 bytes) }`, or
 * null for version 1; throws {@link Rejected} when the envelope does not start with a header. Unauthenticated until
 * the envelope it opens decrypts.
 */
export function patientSlot(envelope, expectedExponent = SEGMENT_SIZE_EXPONENT) {
  const { version, header } = headerOf(envelope, expectedExponent);
  if (version === 1) return null;
  const patientKey = header.subarray(41, 74);
  const wrappedKey = header.subarray(74, 203);
  if (patientKey[0] !== 0x02 && patientKey[0] !== 0x03) throw new Rejected('patient key is not compressed');
  if (wrappedKey[0] !== 0x04) throw new Rejected('patient slot does not start with an uncompressed ephemeral key');
  return { patientKey, wrappedKey };
}

/** The record key in a version 2 envelope's slot, unwrapped with the patient's 32-byte private key. */
export function recordKeyFromSlot(patientPrivateKey, envelope, expectedExponent = SEGMENT_SIZE_EXPONENT) {
  const slot = patientSlot(envelope, expectedExponent);
  if (slot === null) throw new Rejected('a version 1 envelope has no patient slot');
  try {
    return Buffer.from(eciesDecrypt(patientPrivateKey, slot.wrappedKey));
  } catch {
    throw new Rejected('the patient slot does not open with this key');
  }
}

/**
 * Decrypts a version 1 or 2 envelope with the 32-byte record `key`, bound to the 32-byte `recordId`, and answers the
 * plaintext; throws {@link Rejected} when it is not authentic. `expectedExponent` is 20 for both versions; the
 * vectors also use test-only segment sizes.
 */
export function decryptEnvelope(key, recordId, envelope, expectedExponent = SEGMENT_SIZE_EXPONENT) {
  const { version, header } = headerOf(envelope, expectedExponent);
  const salt = header.subarray(2, 34);
  const noncePrefix = header.subarray(34, 41);
  const segmentKey = Buffer.from(hkdfSync('sha256', key, salt, info(version), 32));
  const aad = Buffer.concat([header, recordId]);
  const sealedSize = 2 ** expectedExponent + TAG_LENGTH;

  const body = envelope.subarray(header.length);
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
