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

/** Bytes that arrive in chunks of any size, taken back in the lengths the envelope's layout fixes. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  private first = 0;
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The first `count` bytes, removed from the queue (`count` at most {@link length}), in `out` if given. */
  take(count: number, out: Bytes = new Uint8Array(count)): Bytes {
    for (let at = 0; at < count;) {
      const head = this.chunks[this.first]!;
      const used = Math.min(head.length, count - at);
      out.set(head.subarray(0, used), at);
      at += used;
      if (used === head.length) this.first++;
      else this.chunks[this.first] = head.subarray(used);
    }
    this.length -= count;
    if (this.first > 64) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
    return out;
  }

  /** The first `count` bytes, left in the queue. */
  peek(count: number): Bytes {
    const out = new Uint8Array(count);
    for (let at = 0, index = this.first; at < count; index++) {
      const chunk = this.chunks[index]!.subarray(0, count - at);
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

/**
 * Decrypts an envelope (version 1 or 2) bound to `recordId` as its bytes arrive, in chunks of any size: {@link push}
 * answers the segments it could authenticate so far, {@link end} the last one. It holds at most one sealed segment
 * and a chunk, whatever the envelope's size.
 *
 * Security: each segment is authenticated before it is answered, but only {@link end} returning proves that the
 * envelope was not cut short (the last segment's nonce says it is the last). Until then, what it answered may be the
 * start of a truncated record: keep it out of the user's sight, and discard it when anything throws. Throws
 * {@link EnvelopeRejected} for a changed, reordered or truncated envelope, or another key or record id.
 */
export class EnvelopeDecryptor {
  private readonly queue = new ByteQueue();
  /** One sealed segment's room, used again for each: WebCrypto copies its input when called. */
  private readonly sealed = new Uint8Array(SEALED_SIZE);
  private opened?: { header: Bytes; key: CryptoKey; additionalData: Bytes };
  private index = 0;

  constructor(private readonly recordKey: Bytes, private readonly recordId: Bytes) {}

  /** The plaintexts of the segments `chunk` completed, in order; the last segment waits for {@link end}. */
  async push(chunk: Uint8Array): Promise<ArrayBuffer[]> {
    this.queue.push(chunk);
    const plaintexts: ArrayBuffer[] = [];
    if (!this.opened && !(await this.readHeader())) return plaintexts;
    // A segment is known not to be the last only once a byte after it arrived.
    while (this.queue.length > SEALED_SIZE) {
      plaintexts.push(await this.open(this.queue.take(SEALED_SIZE, this.sealed), false));
    }
    return plaintexts;
  }

  /** The last segment's plaintext, once the envelope's bytes have all been pushed. */
  async end(): Promise<ArrayBuffer> {
    if (!this.opened && !(await this.readHeader())) throw new EnvelopeRejected('not a version 1 or 2 envelope');
    return this.open(this.queue.take(this.queue.length), true);
  }

  private async readHeader(): Promise<boolean> {
    if (this.queue.length < 2) return false;
    const [version = 0, exponent] = this.queue.peek(2);
    const length = HEADER_LENGTH[version];
    if (length === undefined) throw new EnvelopeRejected('not a version 1 or 2 envelope');
    if (exponent !== SEGMENT_SIZE_EXPONENT) throw new EnvelopeRejected('unexpected segment size');
    if (this.queue.length < length) return false;
    const header = this.queue.take(length);
    const key = await segmentKey(this.recordKey, header.subarray(2, 34), version, 'decrypt');
    this.opened = { header, key, additionalData: concat(header, this.recordId) };
    return true;
  }

  private async open(sealed: Bytes, last: boolean): Promise<ArrayBuffer> {
    const { header, key, additionalData } = this.opened!;
    const index = this.index++;
    if (sealed.length < TAG_LENGTH) throw new EnvelopeRejected('last segment shorter than its tag');
    try {
      return await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce(header.subarray(34, 41), index, last),
        additionalData, tagLength: 128 }, key, sealed);
    } catch {
      throw new EnvelopeRejected(`segment ${index} failed authentication`);
    }
  }
}

/**
 * Decrypts an envelope (version 1 or 2) with the record key, bound to `recordId`, into a Blob of `mediaType`;
 * throws {@link EnvelopeRejected} when any segment is not authentic, truncated or reordered. `progress` is called
 * with the envelope's bytes read.
 */
export async function decryptToBlob(envelope: Blob, recordKey: Bytes, recordId: Bytes, mediaType: string,
    progress: Progress = () => {}): Promise<Blob> {
  const decryptor = new EnvelopeDecryptor(recordKey, recordId);
  let plaintext = new Blob([], { type: mediaType });
  let pending: ArrayBuffer[] = [];
  for (let at = 0; at < envelope.size; at += SEALED_SIZE) {
    pending.push(...await decryptor.push(new Uint8Array(await envelope.slice(at, at + SEALED_SIZE).arrayBuffer())));
    if (pending.length >= SEGMENTS_PER_FLUSH) {
      plaintext = new Blob([plaintext, ...pending], { type: mediaType });
      pending = [];
    }
    progress(Math.min(envelope.size, at + SEALED_SIZE), envelope.size);
  }
  pending.push(await decryptor.end());
  return new Blob([plaintext, ...pending], { type: mediaType });
}
