// The patient's records: the list (category, date, author, size, who holds a key), one record opened (decrypted
// here: FHIR shown readably, PDF and images viewable, download), and adding a record from a file.
import { useEffect, useState } from 'preact/hooks';
import type { PrivateKey } from 'eciesjs';
import { api, follow, ok } from '../api/client';
import { CATEGORIES, type Opened, type RecordVersion, categoryOf, guessCategory, open, patientOf, shareLink,
  upload }
  from '../records';
import { directoryOf, useAction, useApp, short, size, when } from './context';
import { Fhir } from './fhir';
import { ErrorLine, ProgressBar } from './parts';
import { SaveDecrypted } from './save-decrypted';
import { type PendingUpload, forgetPendingUpload, pendingUpload, resumeUpload } from '../multipart';
import { KIT_CATEGORY } from '../recovery';

export async function myRecords(patient: string): Promise<RecordVersion[]> {
  return ok(await api.GET('/api/v1/patients/{patient}/records', { params: { path: { patient },
    query: { limit: '200' } } }));
}

export function RecordsScreen() {
  const app = useApp();
  const [records, setRecords] = useState<RecordVersion[] | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const { error, run } = useAction();
  const reload = () => run(async () => setRecords(await myRecords(app.wallet.address)));
  useEffect(() => { void reload(); }, []);
  return (
    <section aria-labelledby="records-title">
      <h2 id="records-title">My records</h2>
      <button type="button" onClick={() => void reload()}>Reload</button>
      <ErrorLine error={error} />
      {records && records.length === 0 && <p>No records yet. Add one below.</p>}
      {records && records.length > 0 && (
        <table>
          <caption>Your record versions, newest first</caption>
          <thead><tr><th scope="col">Category</th><th scope="col">Date</th><th scope="col">Author</th>
            <th scope="col">Size</th><th scope="col">Key holders</th><th scope="col">Status</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.recordId} data-record={r.recordId}>
                <td>{CATEGORIES[r.category] ?? `Category ${r.category}`}</td>
                <td>{when(r.createdAt)}</td>
                <td title={r.author}>{r.author.toLowerCase() === app.wallet.address.toLowerCase() ? 'you' : short(r.author)}</td>
                <td>{size(r.size)}</td>
                <td>{r.readers.map((reader) => <span key={reader} title={reader} class="chip">{short(reader)}</span>)}</td>
                <td>{r.status}{r.supersededBy ? ' (replaced)' : ''}</td>
                <td><button type="button" disabled={!r.cid || r.category === KIT_CATEGORY} onClick={() => setOpened(r.recordId)}
                  aria-label={`Open ${CATEGORIES[r.category] ?? 'record'} of ${when(r.createdAt)}`}>Open</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {opened && <RecordViewer recordId={opened} onClose={() => setOpened(null)} />}
      <AddRecord patient={app.wallet.address} onAdded={() => void reload()} />
    </section>
  );
}

/** Where a record is read other than the ordinary content path, and with which key: an emergency window's read. */
export interface ReadThrough { from: string; key: PrivateKey }

/**
 * One record, read, checked against its CID and decrypted in the browser: with my key, or `through` another path
 * with another key (an emergency window, with the rebuilt emergency key), for showing and for saving alike.
 */
export function RecordViewer({ recordId, onClose, through }: { recordId: string; onClose: () => void;
    through?: ReadThrough }) {
  const app = useApp();
  const [record, setRecord] = useState<Opened | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => {
    void run(async () => {
      const opened = await open(recordId, through?.key ?? app.key!, undefined, through?.from);
      setRecord(opened);
      if (!opened.plaintext) return;
      setUrl(URL.createObjectURL(opened.plaintext));
      if (opened.mediaType.includes('json') && opened.plaintext.size < 8 * 2 ** 20) setText(await opened.plaintext.text());
    });
    return () => { if (url) URL.revokeObjectURL(url); };
  }, [recordId]);
  return (
    <section class="viewer" aria-labelledby="viewer-title" aria-busy={busy}>
      <h3 id="viewer-title">Record {short(recordId)}</h3>
      <button type="button" onClick={onClose}>Close</button>
      {busy && <p role="status">Reading and decrypting…</p>}
      <ErrorLine error={error} />
      {record && (
        <div>
          {record.plaintext && (
            <p role="status" class="verified">Decrypted in this browser; its ciphertext matches CID <code>{record.cid}</code>.</p>)}
          {!record.plaintext && (
            <p>This record ({size(record.size)}) is too large to show in this page: save it decrypted to a file. Every
              part is checked as it is written, and the file is yours only once the whole record proved authentic.</p>)}
          <SaveDecrypted key={recordId} recordId={recordId} through={through}
            fileName={`record-${recordId.slice(2, 10)}${extension(record.mediaType)}`} />
          {patientOf(recordId) === app.wallet.address && (
            <p>Link for a clinician you granted: <code class="link">{shareLink(recordId)}</code></p>)}
          {text !== null && <Fhir json={text} />}
          {url && record.mediaType === 'application/pdf' && <iframe title="The PDF document" src={url!} class="pdf" />}
          {url && record.mediaType.startsWith('image/') && (
            <img src={url!} class="record-image" alt={`${CATEGORIES[categoryOf(recordId)] ?? 'Image'} of record `
              + `${short(recordId)}, decrypted in this browser`} />)}
        </div>
      )}
    </section>
  );
}

const EXTENSIONS: Record<string, string> = { 'application/pdf': '.pdf', 'application/dicom': '.dcm', 'image/png': '.png',
  'image/jpeg': '.jpg' };
const extension = (mediaType: string): string => EXTENSIONS[mediaType] ?? (mediaType.includes('json') ? '.json' : '');

/** Adds a record from a file for `patient` (oneself, or a patient who granted WRITE); resumes an interrupted one. */
export function AddRecord({ patient, onAdded }: { patient: string; onAdded: () => void }) {
  const app = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [category, setCategory] = useState<number>(2);
  const [encrypting, setEncrypting] = useState<[number, number] | null>(null);
  const [sending, setSending] = useState<[number, number] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingUpload | undefined>(undefined);
  const { busy, error, run } = useAction();
  const author = app.wallet.address;
  useEffect(() => { void pendingUpload(author).then(setPending); }, [author]);
  const progress = {
    encrypting: (done: number, total: number) => setEncrypting([done, total]),
    sending: (done: number, total: number) => setSending([done, total]),
  };
  const finish = async (accepted: { cid?: string; eventsUrl: string }) => {
    setPending(undefined);
    setStatus(`Uploaded (CID ${accepted.cid}); anchoring on chain…`);
    const anchored = await follow(accepted.eventsUrl, (request) => {
      app.track(request);
      setStatus(`Anchor: ${request.status}`);
    });
    setStatus(anchored.status === 'CONFIRMED' ? 'Record added and anchored on chain.' : `Anchor ${anchored.status}`);
    onAdded();
  };
  const attempt = (send: () => Promise<{ cid?: string; eventsUrl: string }>) => run(async () => {
    try {
      await finish(await send());
    } catch (failure) {
      setStatus(null);
      throw failure;
    } finally {
      setPending(await pendingUpload(author));
    }
  });
  return (
    <form class="add" onSubmit={(event) => {
      event.preventDefault();
      if (!file) return;
      void attempt(async () => {
        setStatus('Encrypting and sending…');
        return upload({ directory: directoryOf(app), file, category, patient, author, authorKey: app.key!,
          ...progress });
      });
    }}>
      <h3>Add a record</h3>
      {pending && (
        <div class="pending" role="region" aria-label="Interrupted upload">
          <p>An upload was interrupted: <strong>{pending.file.name}</strong> ({size(pending.file.size)}) for record{' '}
            <code>{short(pending.recordId)}</code>. Choose the same file below, then resume: what was sent is kept.</p>
          <button type="button" disabled={busy || !file} onClick={() => void attempt(async () => {
            setStatus('Resuming: checking what the service has…');
            return resumeUpload(author, app.key!, file!, progress.encrypting, progress.sending);
          })}>Resume upload</button>
          <button type="button" disabled={busy} onClick={() => void forgetPendingUpload(author)
            .then(() => setPending(undefined))}>Discard it</button>
        </div>
      )}
      <label>File <input type="file" required onChange={(event) => {
        const chosen = event.currentTarget.files?.[0] ?? null;
        setFile(chosen);
        if (chosen) void guessCategory(chosen).then((guess) => guess && setCategory(guess));
      }} /></label>
      <label>Category
        <select value={category} onChange={(event) => setCategory(Number(event.currentTarget.value))}>
          {Object.entries(CATEGORIES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
        </select></label>
      <button type="submit" disabled={busy || !file}>Encrypt and upload</button>
      {encrypting && <ProgressBar label="Encrypting" done={encrypting[0]} total={encrypting[1]} />}
      {sending && <ProgressBar label="Uploading" done={sending[0]} total={sending[1]} />}
      {status && <p role="status">{status}</p>}
      <ErrorLine error={error} />
    </form>
  );
}
