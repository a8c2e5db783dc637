// The record envelope, version 1, written from docs/FORMAT.md ("Record envelope") on node:crypto alone: what a
// dApp does before PUT /api/v1/records/{id}/content, and after reading it back.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 0x01;
const SEGMENT_SIZE_EXPONENT = 20;
const SEGMENT_SIZE = 2 ** SEGMENT_SIZE_EXPONENT;
const HEADER_LENGTH = 41;
const TAG_LENGTH = 16;
const INFO = Buffer.from('HealthKey record envelope v1', 'ascii');

function segmentNonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, 7);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

function segmentKey(recordKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', recordKey, salt, INFO, 32));
}

/** Encrypts `plaintext` under the 32-byte `recordKey`, bound to the 32-byte `recordId` the API reserved. */
export function encryptEnvelope(recordKey: Buffer, recordId: Buffer, plaintext: Buffer): Buffer {
  const salt = randomBytes(32);
  const noncePrefix = randomBytes(7);
  const header = Buffer.concat([Buffer.from([VERSION, SEGMENT_SIZE_EXPONENT]), salt, noncePrefix]);
  const key = segmentKey(recordKey, salt);
  const aad = Buffer.concat([header, recordId]);
  const count = Math.max(1, Math.ceil(plaintext.length / SEGMENT_SIZE));
  const sealed: Buffer[] = [header];
  for (let index = 0; index < count; index++) {
    const cipher = createCipheriv('aes-256-gcm', key, segmentNonce(noncePrefix, index, index === count - 1),
      { authTagLength: TAG_LENGTH });
    cipher.setAAD(aad);
    const segment = plaintext.subarray(index * SEGMENT_SIZE, (index + 1) * SEGMENT_SIZE);
    sealed.push(cipher.update(segment), cipher.final(), cipher.getAuthTag());
  }
  return Buffer.concat(sealed);
}

/** Opens an envelope; throws when it is not authentic for this key and record id. */
export function decryptEnvelope(recordKey: Buffer, recordId: Buffer, envelope: Buffer): Buffer {
  if (envelope.length < HEADER_LENGTH || envelope[0] !== VERSION || envelope[1] !== SEGMENT_SIZE_EXPONENT) {
    throw new Error('not a version 1 record envelope');
  }
  const header = envelope.subarray(0, HEADER_LENGTH);
  const key = segmentKey(recordKey, header.subarray(2, 34));
  const aad = Buffer.concat([header, recordId]);
  const body = envelope.subarray(HEADER_LENGTH);
  const sealedSize = SEGMENT_SIZE + TAG_LENGTH;
  const count = Math.max(1, Math.ceil(body.length / sealedSize));
  const plaintext: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const piece = body.subarray(index * sealedSize, (index + 1) * sealedSize);
    const decipher = createDecipheriv('aes-256-gcm', key,
      segmentNonce(header.subarray(34, 41), index, index === count - 1), { authTagLength: TAG_LENGTH });
    decipher.setAAD(aad);
    decipher.setAuthTag(piece.subarray(piece.length - TAG_LENGTH));
    plaintext.push(decipher.update(piece.subarray(0, piece.length - TAG_LENGTH)), decipher.final());
  }
  return Buffer.concat(plaintext);
}
