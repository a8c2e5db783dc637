// The record envelope (docs/FORMAT.md, "Record envelope"), version 2 written and versions 1 and 2 read, on WebCrypto
// (HKDF-SHA256, AES-256-GCM) and eciesjs for the patient's slot. Segment by segment: a file is read one segment at a
// time (Blob.slice) and the sealed segments are handed to the browser's blob storage in batches, so neither the
// plaintext nor the ciphertext of a large file is ever held whole in the page's JavaScript heap.
import { encrypt as eciesEncrypt } from 'eciesjs';
import { type Bytes, concat, randomBytes } from './bytes';

const SEGMENT_SIZE_EXPONENT = 20;
export const SEGMENT_SIZE = 2 ** SEGMENT_SIZE_EXPONENT;
const TAG_LENGTH = 16;
const SEALED_SIZE = SEGMENT_SIZE + TAG_LENGTH;
const HEADER_LENGTH: Record<number, number> = { 1: 41, 2: 203 };
/** Sealed segments kept as ArrayBuffers before they are folded into the Blob: the heap's share of an upload. */
const SEGMENTS_PER_FLUSH = 8;

/** The envelope is not authentic for this key and record id, or not a version 1 or 2 envelope. */
export class EnvelopeRejected extends Error {}

function nonce(prefix: Uint8Array, index: number, last: boolean): Bytes {
  const out = new Uint8Array(12);
  out.set(prefix, 0);
  new DataView(out.buffer).setUint32(7, index);
  out[11] = last ? 1 : 0;
  return out;
}

async function segmentKey(recordKey: Bytes, salt: Bytes, version: number, usage: KeyUsage): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', recordKey, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: new TextEncoder().encode(`HealthKey record envelope v${version}`) },
    ikm, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

export type Progress = (done: number, total: number) => void;

/**
 * A fresh version 2 header for `recordKey`: random salt and nonce prefix, `patientKey` (33 bytes, compressed) and the
 * record key wrapped for it. The header fixes every nonce of the envelope: keep it to continue the same envelope.
 */
export function newHeader(recordKey: Bytes, patientKey: Bytes): Bytes {
  return concat(Uint8Array.of(2, SEGMENT_SIZE_EXPONENT), randomBytes(32), randomBytes(7), patientKey,
    eciesEncrypt(patientKey, recordKey));
}

/**
 * Seals the segments of one version 2 envelope: its header, then segment `i` of the plaintext under the nonce
 * prefix ‖ i ‖ last (FORMAT.md). Sealing segment `i` again gives the same bytes only for the same plaintext: a caller
 * that seals a segment twice must know its plaintext did not change (AES-GCM under one nonce must never see two).
 */
export class EnvelopeSealer {
  private constructor(readonly header: Bytes, private readonly key: CryptoKey, private readonly additionalData: Bytes,
      readonly plaintextSize: number) {}

  static async of(recordKey: Bytes, recordId: Bytes, header: Bytes, plaintextSize: number): Promise<EnvelopeSealer> {
    if (header[0] !== 2 || header.length !== HEADER_LENGTH[2]) throw new EnvelopeRejected('not a version 2 header');
    const key = await segmentKey(recordKey, header.subarray(2, 34), 2, 'encrypt');
    return new EnvelopeSealer(header, key, concat(header, recordId), plaintextSize);
  }

  get segments(): number { return Math.max(1, Math.ceil(this.plaintextSize / SEGMENT_SIZE)); }

  get envelopeSize(): number { return this.header.length + this.plaintextSize + this.segments * TAG_LENGTH; }

  /** The envelope offset where segment `index` starts (`segments` gives the envelope's end). */
  offsetOf(index: number): number {
    return index === 0 ? 0 : this.header.length + Math.min(index * SEALED_SIZE, this.envelopeSize - this.header.length);
  }

  /** Segment `index` of `file` sealed: its plaintext, read with Blob.slice, and its ciphertext. */
  async seal(file: Blob, index: number): Promise<{ plain: ArrayBuffer; sealed: ArrayBuffer }> {
    const plain = await file.slice(index * SEGMENT_SIZE, (index + 1) * SEGMENT_SIZE).arrayBuffer();
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce(this.header.subarray(34, 41), index,
      index === this.segments - 1), additionalData: this.additionalData, tagLength: 128 }, this.key, plain);
    return { plain, sealed };
  }
}

/**
 * Encrypts `file` under the 32-byte `recordKey`, bound to the reserved `recordId`, into a version 2 envelope whose
 * header carries `patientKey` (33 bytes, compressed) and the record key wrapped for it. Answers the envelope as a
 * Blob; `progress` is called with plaintext bytes done after each segment.
 */
export async function encryptToBlob(file: Blob, recordKey: Bytes, recordId: Bytes, patientKey: Bytes,
    progress: Progress = () => {}): Promise<Blob> {
  const sealer = await EnvelopeSealer.of(recordKey, recordId, newHeader(recordKey, patientKey), file.size);
  return sealSegments(sealer, file, 0, sealer.segments, progress);
}

/**
 * Segments `[from, to)` of `file` sealed into a Blob (the header first when `from` is 0), a few at a time: the
 * sealed segments go to the browser's blob storage, not the page's heap.
 */
export async function sealSegments(sealer: EnvelopeSealer, file: Blob, from: number, to: number,
    progress: Progress = () => {}): Promise<Blob> {
  let sealed = new Blob(from === 0 ? [sealer.header] : []);
  let pending: ArrayBuffer[] = [];
  for (let index = from; index < to; index++) {
    pending.push((await sealer.seal(file, index)).sealed);
    if (pending.length === SEGMENTS_PER_FLUSH || index === to - 1) {
      sealed = new Blob([sealed, ...pending]);
      pending = [];
    }
    progress(Math.min(file.size, (index + 1) * SEGMENT_SIZE), file.size);
  }
  return sealed;
}

/** Version and header of an envelope, checked for shape. */
async function headerOf(envelope: Blob): Promise<{ version: number; header: Bytes }> {
  const start = new Uint8Array(await envelope.slice(0, 2).arrayBuffer());
  const version = start[0] ?? 0;
  const length = HEADER_LENGTH[version];
  if (length === undefined || envelope.size < length) throw new EnvelopeRejected('not a version 1 or 2 envelope');
  if (start[1] !== SEGMENT_SIZE_EXPONENT) throw new EnvelopeRejected('unexpected segment size');
  return { version, header: new Uint8Array(await envelope.slice(0, length).arrayBuffer()) };
}

/**
 * Decrypts an envelope (version 1 or 2) with the record key, bound to `recordId`, into a Blob of `mediaType`;
 * throws {@link EnvelopeRejected} when any segment is not authentic, truncated or reordered.
 */
export async function decryptToBlob(envelope: Blob, recordKey: Bytes, recordId: Bytes, mediaType: string,
    progress: Progress = () => {}): Promise<Blob> {
  const { version, header } = await headerOf(envelope);
  const key = await segmentKey(recordKey, header.subarray(2, 34), version, 'decrypt');
  const additionalData = concat(header, recordId);
  const bodySize = envelope.size - header.length;
  const count = Math.max(1, Math.ceil(bodySize / SEALED_SIZE));
  let plaintext = new Blob([], { type: mediaType });
  let pending: ArrayBuffer[] = [];
  for (let index = 0; index < count; index++) {
    const from = header.length + index * SEALED_SIZE;
    const sealed = await envelope.slice(from, from + SEALED_SIZE).arrayBuffer();
    if (sealed.byteLength < TAG_LENGTH) throw new EnvelopeRejected('last segment shorter than its tag');
    try {
      pending.push(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce(header.subarray(34, 41), index,
        index === count - 1), additionalData, tagLength: 128 }, key, sealed));
    } catch {
      throw new EnvelopeRejected(`segment ${index} failed authentication`);
    }
    if (pending.length === SEGMENTS_PER_FLUSH || index === count - 1) {
      plaintext = new Blob([plaintext, ...pending], { type: mediaType });
      pending = [];
    }
    progress(Math.min(bodySize, from + SEALED_SIZE - header.length), bodySize);
  }
  return plaintext;
}
