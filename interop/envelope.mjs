// An independent reader of the HealthKey record envelope, version 1, written from docs/FORMAT.md
// ("Record envelope (segmented AES-256-GCM)") on node:crypto alone, to cross-check the Java implementation.
// Imported by envelope-decrypt.mjs (the command line) and journey.mjs (a dApp reading records).
import { createDecipheriv, hkdfSync } from 'node:crypto';

const VERSION = 0x01;
const SEGMENT_SIZE_EXPONENT = 20;
const HEADER_LENGTH = 41;
const TAG_LENGTH = 16;
const INFO = Buffer.from('HealthKey record envelope v1', 'ascii');

/** The envelope is not authentic for this key and record id, or not a version 1 envelope. */
export class Rejected extends Error {}

/**
 * Decrypts a version 1 envelope with the 32-byte record `key`, bound to the 32-byte `recordId`, and answers the
 * plaintext; throws {@link Rejected} when it is not authentic. `expectedExponent` is 20 for version 1; the
 * vectors also use test-only segment sizes.
 */
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
