// The record envelope, written from docs/FORMAT.md ("Record envelope") on node:crypto alone (eciesjs for the
// patient's slot): what a dApp does before PUT /api/v1/records/{id}/content, and after reading it back. It writes
// version 2, whose header carries the record key wrapped for the patient, and reads versions 1 and 2.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { encrypt } from 'eciesjs';

const SEGMENT_SIZE_EXPONENT = 20;
const SEGMENT_SIZE = 2 ** SEGMENT_SIZE_EXPONENT;
const HEADER_LENGTH: Record<number, number> = { 1: 41, 2: 203 };
const TAG_LENGTH = 16;
const info = (version: number) => Buffer.from(`HealthKey record envelope v${version}`, 'ascii');

function segmentNonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, 7);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

function segmentKey(recordKey: Buffer, salt: Buffer, version: number): Buffer {
  return Buffer.from(hkdfSync('sha256', recordKey, salt, info(version), 32));
}

/**
 * Encrypts `plaintext` under the 32-byte `recordKey`, bound to the 32-byte `recordId` the API reserved, into a
 * version 2 envelope whose header holds `patientKey` (the patient's published encryption key, 33 bytes) and the
 * record key wrapped for it.
 */
export function encryptEnvelope(recordKey: Buffer, recordId: Buffer, patientKey: Buffer, plaintext: Buffer): Buffer {
  const salt = randomBytes(32);
  const noncePrefix = randomBytes(7);
  const header = Buffer.concat([Buffer.from([2, SEGMENT_SIZE_EXPONENT]), salt, noncePrefix, patientKey,
    Buffer.from(encrypt(patientKey, recordKey))]);
  const key = segmentKey(recordKey, salt, 2);
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
  const version = envelope[0] ?? 0;
  const headerLength = HEADER_LENGTH[version];
  if (headerLength === undefined || envelope.length < headerLength || envelope[1] !== SEGMENT_SIZE_EXPONENT) {
    throw new Error('not a version 1 or 2 record envelope');
  }
  const header = envelope.subarray(0, headerLength);
  const key = segmentKey(recordKey, header.subarray(2, 34), version);
  const aad = Buffer.concat([header, recordId]);
  const body = envelope.subarray(headerLength);
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
