// What the app does with records and consent, between the API and the crypto: upload (encrypt, reserve, PUT with
// progress, or in parts for a large file: src/multipart.ts), open (read, check the CID, unwrap, decrypt), save
// decrypted to a file (streamed and checked as it goes), grant (re-wrap each covered record's key for the grantee)
// and revoke. The screens (src/ui) call these and show their progress and problems.
import type { PrivateKey } from 'eciesjs';
import { getAddress } from 'viem';
import { decrypt as eciesDecrypt, encrypt as eciesEncrypt } from 'eciesjs';
import { type ChainRequest, type Schemas, api, authorizedFetch, follow, ok, putWithProgress } from './api/client';
import { type Bytes, fromHex, randomBytes, toHex } from './crypto/bytes';
import { cidOf } from './crypto/cid';
import { CidMismatch, type PlaintextSink, decryptVerified } from './crypto/decrypt-verified';
import { type Progress, decryptToBlob, encryptToBlob, newHeader } from './crypto/envelope';
import { publicKeyOf } from './crypto/keystore';
import { type Directory, requireEncryptionKey } from './directory';
import { needsParts, startUpload } from './multipart';
import { type Wallet, signTypedData } from './wallet';

export type RecordVersion = Schemas['RecordResponse'];
export type Readable = Schemas['ReadableRecordResponse'];

/**
 * The records of `patient` that `me` may read now: those a grant of the patient's, or `me`'s caregiver appointment
 * with READ, opens (the same permission check as a read).
 */
export async function readableRecords(me: string, patient: string): Promise<Readable[]> {
  return ok(await api.GET('/api/v1/grantees/{grantee}/patients/{patient}/records', { params: {
    path: { grantee: me, patient }, query: { limit: '200' } } }));
}

/** Records categories the app writes (docs/CODES.md); FHIR files take the category of their resource type. */
export const CATEGORIES: Record<number, string> = {
  1: 'Patient', 2: 'Observation', 3: 'Condition', 4: 'DiagnosticReport', 5: 'MedicationRequest',
  6: 'MedicationStatement', 7: 'AllergyIntolerance', 8: 'Immunization', 9: 'Procedure', 10: 'Encounter',
  11: 'DocumentReference', 12: 'ImagingStudy', 13: 'CarePlan', 14: 'Bundle', 15: 'Binary', 16: 'Composition',
  17: 'MedicationAdministration', 18: 'MedicationDispense', 19: 'FamilyMemberHistory', 20: 'ServiceRequest',
  21: 'Specimen', 22: 'CareTeam', 23: 'Goal', 24: 'QuestionnaireResponse', 25: 'ClinicalImpression',
  26: 'RiskAssessment', 27: 'NutritionOrder', 28: 'DeviceUseStatement', 29: 'Media',
  4096: 'PDF document', 4097: 'DICOM image', 4100: 'PNG image', 4101: 'JPEG image',
};
const MEDIA_TYPES: Record<number, string> = {
  4096: 'application/pdf', 4097: 'application/dicom', 4100: 'image/png', 4101: 'image/jpeg',
};
export const mediaTypeOf = (category: number): string => MEDIA_TYPES[category] ?? 'application/fhir+json';

/** The category a file most likely is: a PDF, a DICOM file, or the FHIR resource type it names. */
export async function guessCategory(file: File): Promise<number | undefined> {
  if (file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf')) return 4096;
  if (file.name.toLowerCase().endsWith('.dcm')) return 4097;
  if (file.type === 'image/png' || /\.png$/i.test(file.name)) return 4100;
  if (file.type === 'image/jpeg' || /\.jpe?g$/i.test(file.name)) return 4101;
  if (file.size > 8 * 2 ** 20) return undefined;
  try {
    const resourceType = (JSON.parse(await file.text()) as { resourceType?: string }).resourceType;
    const match = Object.entries(CATEGORIES).find(([, name]) => name === resourceType);
    return match ? Number(match[0]) : undefined;
  } catch {
    return undefined;
  }
}

/** The category a record id names: its bytes 20 and 21 (docs/FORMAT.md). */
export const categoryOf = (recordId: string): number => parseInt(recordId.slice(42, 46), 16);

/** The patient a record id names: its first 20 bytes (docs/FORMAT.md, RecordId = patient ‖ category ‖ serial). */
export const patientOf = (recordId: string): string => getAddress(recordId.slice(0, 42));

/** The link a patient gives a clinician they granted: the app opens the record from it. */
export const shareLink = (recordId: string): string => `${location.origin}/app/#record=${recordId}`;

export interface Upload {
  directory: Directory;
  file: File;
  category: number;
  patient: string;
  author: string;
  authorKey: PrivateKey;
  encrypting: Progress;
  sending: Progress;
}

/**
 * Encrypts and uploads a record; answers once the service accepted it (the anchor goes on: follow eventsUrl). A file
 * larger than one part goes in parts ({@link startUpload}): retried, and resumable after a failure or a reload.
 */
export async function upload(u: Upload): Promise<Schemas['UploadResponse']> {
  const patientKey = u.patient.toLowerCase() === u.author.toLowerCase()
    ? publicKeyOf(u.authorKey) : await requireEncryptionKey(u.directory, u.patient);
  const recordKey = randomBytes(32);
  const wrappedKeys: Record<string, string> = { [u.patient]: toHex(eciesEncrypt(fromHex(patientKey), recordKey)) };
  wrappedKeys[u.author] = toHex(eciesEncrypt(u.authorKey.publicKey.toBytes(true), recordKey));
  const reservation = ok(await api.POST('/api/v1/records', {
    body: { patient: u.patient, category: String(u.category), mediaType: mediaTypeOf(u.category), wrappedKeys },
  }));
  if (needsParts(u.file)) {
    return startUpload(u.author, u.authorKey, u.file, reservation.recordId, u.patient, u.category, recordKey,
      newHeader(recordKey, fromHex(patientKey)), u.encrypting, u.sending);
  }
  const envelope = await encryptToBlob(u.file, recordKey, fromHex(reservation.recordId), fromHex(patientKey),
    u.encrypting);
  return putWithProgress(reservation.uploadUrl, envelope, u.sending);
}

export interface Opened {
  /** The decrypted record; absent for a record over {@link LARGEST_OPENED}, which is saved to a file instead. */
  plaintext?: Blob;
  mediaType: string;
  cid: string;
  size: number;
}

/**
 * The largest record decrypted into the page: Chromium's blob storage refuses a page more than some hundreds of MiB
 * of Blobs (NotReadableError), so a larger record is only decrypted straight to a file ({@link saveDecrypted}).
 */
export const LARGEST_OPENED = 256 * 2 ** 20;

/**
 * A response body in whole 1 MiB chunks (the last one shorter), each in a buffer of its own: read with a BYOB reader
 * straight into it where the browser has one, so that the body leaves no chunks of its own behind, and aligned with
 * the CID importer's 256 KiB leaves, which it can then hash without copying. Cancels the body when the consumer
 * stops early (a rejected segment).
 */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const CHUNK = 2 ** 20;
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: 'byob' });
  } catch {
    yield* defaultChunksOf(body);  // a body that is not a byte stream
    return;
  }
  try {
    for (let done = false; !done;) {
      let buffer = new ArrayBuffer(CHUNK);
      let filled = 0;
      while (filled < CHUNK) {
        const read = await reader.read(new Uint8Array(buffer, filled, CHUNK - filled));
        if (read.value) {
          buffer = read.value.buffer;
          filled += read.value.byteLength;
        }
        if (read.done) {
          done = true;
          break;
        }
      }
      if (filled > 0) yield new Uint8Array(buffer, 0, filled);
    }
  } finally {
    await reader.cancel();
  }
}

async function* defaultChunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
  } finally {
    await reader.cancel();
  }
}

/** The record's ciphertext, as the service answers it; through an emergency window, `from` is the emergency read. */
async function readRecord(recordId: string, from = `/api/v1/records/${recordId}/content`) {
  const response = await authorizedFetch(from);
  const wrappedKey = response.headers.get('HealthKey-Wrapped-Key');
  const cid = response.headers.get('HealthKey-Cid') ?? '';
  // An emergency read names no media type: the record id's category does.
  const mediaType = response.headers.get('HealthKey-Media-Type') ?? mediaTypeOf(categoryOf(recordId));
  const size = Number(response.headers.get('Content-Length') ?? 0);
  return { response, wrappedKey, cid, mediaType, size };
}

const unwrap = (key: PrivateKey, wrappedKey: string | null): Bytes => {
  if (!wrappedKey) throw new Error('the service sent no wrapped key');
  return new Uint8Array(eciesDecrypt(key.secret, fromHex(wrappedKey)));
};

/**
 * Reads a record, checks its ciphertext's CID in the browser, unwraps its key and decrypts it; a record over
 * {@link LARGEST_OPENED} is not read (its size and media type only), to be saved with {@link saveDecrypted}. Through
 * an emergency window, `from` is the emergency read and `key` the rebuilt emergency key.
 */
export async function open(recordId: string, key: PrivateKey, progress: Progress = () => {},
    from?: string): Promise<Opened> {
  const { response, wrappedKey, cid, mediaType, size } = await readRecord(recordId, from);
  if (size > LARGEST_OPENED) {
    await response.body?.cancel();
    return { mediaType, cid, size };
  }
  const envelope = await response.blob();
  const recordKey = unwrap(key, wrappedKey);
  if (await cidOf(envelope) !== cid) throw new CidMismatch();
  const plaintext = await decryptToBlob(envelope, recordKey, fromHex(recordId), mediaType, progress);
  return { plaintext, mediaType, cid, size: envelope.size };
}

/**
 * Reads a record and decrypts it, as it streams in, into the sink `sinkFor` opens for a ciphertext of `size` bytes
 * (the plaintext is smaller), checking every segment and the ciphertext's CID: the sink is closed only when all
 * passed, else aborted (see {@link decryptVerified}). Answers the CID checked.
 */
export async function saveDecrypted(recordId: string, key: PrivateKey,
    sinkFor: (size: number) => Promise<PlaintextSink>, progress: Progress = () => {}, from?: string): Promise<string> {
  const { response, wrappedKey, cid, size } = await readRecord(recordId, from);
  let sink: PlaintextSink;
  let recordKey: Bytes;
  try {
    recordKey = unwrap(key, wrappedKey);
    sink = await sinkFor(size);
  } catch (failure) {
    await response.body?.cancel();
    throw failure;
  }
  await decryptVerified(chunksOf(response.body!), cid, recordKey, fromHex(recordId), sink,
    (read) => progress(read, size));
  return cid;
}

export const ALL_RECORDS = `0x${'0'.repeat(64)}`;
export const categoryScope = (category: number): string => `0x${category.toString(16).padStart(64, '0')}`;

/** Whether `scope` (all, a category, or one record id) covers `record`. */
export function covers(scope: string, record: { recordId: string; category: number }): boolean {
  const s = scope.toLowerCase();
  return s === ALL_RECORDS || s === categoryScope(record.category) || s === record.recordId.toLowerCase();
}

/**
 * The key of each record, fetched as wrapped for me and wrapped again for `reader`'s encryption key as the chain's
 * directory holds it (never a key the service hands out).
 */
export async function rewrapKeys(directory: Directory, key: PrivateKey, records: { recordId: string }[],
    reader: string): Promise<{ recordId: string; wrappedKey: string }[]> {
  const readerKey = fromHex(await requireEncryptionKey(directory, reader));
  return Promise.all(records.map(async ({ recordId }) => {
    const mine = ok(await api.GET('/api/v1/records/{recordId}/key', { params: { path: { recordId } } }));
    const recordKey = eciesDecrypt(key.secret, fromHex(mine.wrappedKey));
    return { recordId, wrappedKey: toHex(eciesEncrypt(readerKey, recordKey)) };
  }));
}

export interface GrantRequest {
  grantee: string;
  scope: string;
  action: 'READ' | 'WRITE';
  purpose: string;
  expiresAt: number;
}

/** Signs and relays a grant; a READ grant carries the key of every current record it covers, re-wrapped. */
export async function grant(wallet: Wallet, directory: Directory, key: PrivateKey, records: RecordVersion[],
    g: GrantRequest, update: (request: ChainRequest) => void): Promise<ChainRequest> {
  const covered = g.action === 'READ' ? records.filter((r) => r.cid && !r.supersededBy && covers(g.scope, r)) : [];
  const recordKeys = await rewrapKeys(directory, key, covered, g.grantee);
  const typed = ok(await api.GET('/api/v1/typed-data/grant', { params: { query: {
    grantee: g.grantee, scope: g.scope, action: g.action, purpose: g.purpose, expiresAt: String(g.expiresAt),
  } } }));
  const m = typed.message as Record<string, string>;
  const relayed = ok(await api.POST('/api/v1/grants', { body: {
    grant: { patient: m.patient!, grantee: m.grantee!, scope: m.scope!, action: m.action!, purpose: m.purpose!,
      expiresAt: m.expiresAt!, nonce: m.nonce!, deadline: m.deadline! },
    signature: await signTypedData(wallet, typed),
    recordKeys,
  } }));
  return follow(relayed.eventsUrl, update);
}

export async function revoke(wallet: Wallet, change: { grantee: string; scope: string; action: string },
    update: (request: ChainRequest) => void): Promise<ChainRequest> {
  const typed = ok(await api.GET('/api/v1/typed-data/revocation', { params: { query: change } }));
  const m = typed.message as Record<string, string>;
  const relayed = ok(await api.POST('/api/v1/revocations', { body: {
    revocation: { patient: m.patient!, grantee: m.grantee!, scope: m.scope!, action: m.action!, nonce: m.nonce!,
      deadline: m.deadline! },
    signature: await signTypedData(wallet, typed),
  } }));
  return follow(relayed.eventsUrl, update);
}

export async function publishKey(wallet: Wallet, publicKey: string, update: (request: ChainRequest) => void)
    : Promise<ChainRequest> {
  const typed = ok(await api.GET('/api/v1/typed-data/key-publication', { params: { query: { publicKey } } }));
  const m = typed.message as Record<string, string>;
  const relayed = ok(await api.POST('/api/v1/key-publications', { body: {
    publication: { account: m.account!, publicKey: m.publicKey!, nonce: m.nonce!, deadline: m.deadline! },
    signature: await signTypedData(wallet, typed),
  } }));
  return follow(relayed.eventsUrl, update);
}
