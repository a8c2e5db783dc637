// Large records in parts (docs/API.md, "A large record in parts"): the envelope is sealed and sent one part at a
// time, each part retried with backoff, and what an interrupted upload needs to continue THE SAME envelope is kept in
// IndexedDB, so that the user can resume after a lost connection or a reload (docs/WEB.md, "Resuming an upload").
//
// Kept per account: the record id, which file (name, size, last change), the envelope's header (salt, nonce prefix,
// the patient's slot: no secret), the record key wrapped for the uploader's own encryption key (ECIES: only the
// uploader's private key opens it), and a fingerprint of each part's plaintext (an HMAC under the record key) taken
// before that part was first sent.
// A resume re-seals parts with the same key and nonces; it refuses to when a part's plaintext differs from the one
// sealed before (the file changed), since AES-GCM must never see two plaintexts under one nonce.
import type { PrivateKey } from 'eciesjs';
import { decrypt as eciesDecrypt, encrypt as eciesEncrypt } from 'eciesjs';
import { del, get, set } from 'idb-keyval';
import { ApiProblem, type Schemas, api, ok, putWithProgress } from './api/client';
import { fromHex, toHex } from './crypto/bytes';
import { cidOfChunks } from './crypto/cid';
import { EnvelopeSealer, type Progress, SEGMENT_SIZE, sealSegments } from './crypto/envelope';
import { InputError } from './problems';

/** Sealed segments per part: 8 MiB of plaintext, one request each. */
export const SEGMENTS_PER_PART = 8;
/** Attempts per part before the upload stops (and can be resumed): the waits between them double from 0.5 s. */
const ATTEMPTS = 4;
const FIRST_WAIT_MS = 500;

export interface PendingUpload {
  recordId: string;
  patient: string;
  category: number;
  file: { name: string; size: number; lastModified: number };
  /** The envelope's header, hex: it fixes the salt and nonce prefix, so every segment's nonce. */
  header: string;
  /** The record key wrapped for the uploader's own encryption key, hex. */
  authorWrappedKey: string;
  /** Fingerprints of each part's plaintext, by part number, taken before the part was first sealed and sent. */
  sealed: string[];
}

type StoredPart = Schemas['PartResponse'];

const keyOf = (account: string): string => `healthkey-pending-upload:${account.toLowerCase()}`;

/** The interrupted upload of `account`, if any. */
export const pendingUpload = (account: string): Promise<PendingUpload | undefined> => get(keyOf(account));
export const forgetPendingUpload = (account: string): Promise<void> => del(keyOf(account));

/** Whether a file is sent in parts: when its envelope is more than one part. */
export const needsParts = (file: Blob): boolean => file.size > SEGMENTS_PER_PART * SEGMENT_SIZE;

/** The upload stopped after its retries; what is stored stays, and {@link resumeUpload} continues it. */
export class UploadInterrupted extends InputError {
  constructor(readonly part: number, readonly parts: number, readonly cause: unknown) {
    super(`The upload stopped at part ${part + 1} of ${parts}: the connection failed. What was sent is kept: `
      + 'press Resume when the connection is back, also after a reload (choose the same file).');
  }
}

/** Starts the pending state of a reserved record and sends its envelope in parts. */
export async function startUpload(author: string, authorKey: PrivateKey, file: File, recordId: string,
    patient: string, category: number, recordKey: Uint8Array, header: Uint8Array, encrypting: Progress,
    sending: Progress): Promise<Schemas['UploadResponse']> {
  const pending: PendingUpload = {
    recordId, patient, category, file: { name: file.name, size: file.size, lastModified: file.lastModified },
    header: toHex(header), authorWrappedKey: toHex(eciesEncrypt(authorKey.publicKey.toBytes(true), recordKey)),
    sealed: [],
  };
  await set(keyOf(author), pending);
  return resumeUpload(author, authorKey, file, encrypting, sending);
}

/**
 * Continues the account's pending upload with `file`, which must be the same file: asks the service which parts it
 * has, re-seals those (for the CID, checked against the digests the service holds, never sent again) and sends the
 * rest, then completes with the envelope's CID. Forgets the pending state once the service accepted the record, or
 * when the service no longer holds the reservation.
 */
export async function resumeUpload(author: string, authorKey: PrivateKey, file: File, encrypting: Progress,
    sending: Progress): Promise<Schemas['UploadResponse']> {
  const pending = await pendingUpload(author);
  if (!pending) throw new InputError('There is no interrupted upload to resume.');
  if (file.name !== pending.file.name || file.size !== pending.file.size
      || file.lastModified !== pending.file.lastModified) {
    throw new InputError(`Choose the same file as before (${pending.file.name}) to resume, or discard the upload.`);
  }
  const recordKey = new Uint8Array(eciesDecrypt(authorKey.secret, fromHex(pending.authorWrappedKey)));
  const sealer = await EnvelopeSealer.of(recordKey, fromHex(pending.recordId), fromHex(pending.header), file.size);
  const base = `/api/v1/records/${pending.recordId}/content`;
  let stored: StoredPart[];
  try {
    stored = ok(await api.GET('/api/v1/records/{recordId}/content/parts',
      { params: { path: { recordId: pending.recordId } } })).parts ?? [];
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.code === 'RECORD-0010') await forgetPendingUpload(author);
    throw problem;
  }
  const parts = Math.ceil(sealer.segments / SEGMENTS_PER_PART);
  const envelope = async function* (): AsyncGenerator<Uint8Array> {
    for (let part = 0; part < parts; part++) {
      const from = part * SEGMENTS_PER_PART;
      const to = Math.min(sealer.segments, from + SEGMENTS_PER_PART);
      await requireSamePlaintext(author, pending, part, file, recordKey, from, to);
      const bytes = await sealSegments(sealer, file, from, to, encrypting);
      const first = sealer.offsetOf(from);
      const already = stored[part];
      if (already) {
        if (toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', await bytes.arrayBuffer()))) !== already.sha256) {
          throw new InputError('The file is not the one this upload began with. Discard the upload and start again.');
        }
      } else {
        await sendPart(`${base}/parts/${part}`, bytes, first, sealer.envelopeSize, part, parts, sending);
      }
      sending(first + bytes.size, sealer.envelopeSize);
      for (let at = 0; at < bytes.size; at += 262144) {
        yield new Uint8Array(await bytes.slice(at, at + 262144).arrayBuffer());
      }
    }
  };
  const cid = await cidOfChunks(envelope());
  const completed = ok(await api.POST('/api/v1/records/{recordId}/content/complete',
    { params: { path: { recordId: pending.recordId } }, body: { cid } }));
  await forgetPendingUpload(author);
  return completed;
}

/**
 * Refuses to seal part `part` again when its plaintext differs from the one sealed before under the same nonces;
 * records the fingerprint of a part sealed for the first time, before it can leave the browser. The fingerprint is an
 * HMAC under the record key, so what IndexedDB keeps cannot confirm a guess of the file to whoever reads it.
 */
async function requireSamePlaintext(author: string, pending: PendingUpload, part: number, file: Blob,
    recordKey: Uint8Array<ArrayBuffer>, from: number, to: number): Promise<void> {
  const digests: ArrayBuffer[] = [];
  for (let index = from; index < to; index++) {
    const plain = await file.slice(index * SEGMENT_SIZE, (index + 1) * SEGMENT_SIZE).arrayBuffer();
    digests.push(await crypto.subtle.digest('SHA-256', plain));
  }
  const key = await crypto.subtle.importKey('raw', recordKey, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const fingerprint = toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, await new Blob(digests)
    .arrayBuffer())));
  const before = pending.sealed[part];
  if (before !== undefined && before !== fingerprint) {
    throw new InputError('The file changed since this upload began: it cannot be continued. Discard it and start '
      + 'again.');
  }
  if (before === undefined) {
    pending.sealed[part] = fingerprint;
    await set(keyOf(author), pending);
  }
}

/** PUTs one part, retrying a failed connection or an unavailable service with backoff; other problems at once. */
async function sendPart(url: string, bytes: Blob, first: number, total: number, part: number, parts: number,
    sending: Progress): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await putWithProgress<StoredPart>(url, bytes, (sent) => sending(first + sent, total),
        { 'Content-Range': `bytes ${first}-${first + bytes.size - 1}/${total}` });
      return;
    } catch (failure) {
      const retryable = failure instanceof ApiProblem && (failure.code === 'NETWORK'
        || failure.problem.status >= 500 || failure.problem.status === 429);
      if (!retryable) throw failure;
      if (attempt === ATTEMPTS) throw new UploadInterrupted(part, parts, failure);
      await new Promise((resolve) => setTimeout(resolve, FIRST_WAIT_MS * 2 ** (attempt - 1)));
    }
  }
}
