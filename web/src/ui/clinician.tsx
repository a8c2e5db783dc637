// The clinician's side: the patients who granted me access (scope and expiry of each grant) and, per patient, the
// records those grants let me read, opened and decrypted here; a record opened by the link or id a patient shared,
// with my permission checked first; a record added for a patient who granted WRITE.
import { useEffect, useState } from 'preact/hooks';
import { getAddress, isAddress } from 'viem';
import { type Schemas, api, ok } from '../api/client';
import { CATEGORIES, type Readable, patientOf, readableRecords } from '../records';
import { InputError } from '../problems';
import { useAction, useApp, short, when } from './context';
import { ErrorLine } from './parts';
import { AddRecord, RecordViewer } from './records';
import { scopeName } from './sharing';

const RECORD_ID = /^0x[0-9a-fA-F]{64}$/;
type Grant = Schemas['ReceivedGrantResponse'];

async function grantsToMe(me: string): Promise<Grant[]> {
  return ok(await api.GET('/api/v1/grantees/{grantee}/grants', { params: { path: { grantee: me },
    query: { limit: '200' } } }));
}

/** The grants, by patient, in the order of each patient's newest grant. */
function byPatient(grants: Grant[]): Map<string, Grant[]> {
  const patients = new Map<string, Grant[]>();
  for (const grant of grants) patients.set(grant.patient, [...(patients.get(grant.patient) ?? []), grant]);
  return patients;
}

export function ClinicianScreen({ sharedRecord }: { sharedRecord: string | null }) {
  const app = useApp();
  const [opened, setOpened] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [writeFor, setWriteFor] = useState('');
  const show = (recordId: string) => {
    setOpened(recordId);
    setAttempt((n) => n + 1);
  };
  return (
    <section aria-labelledby="clinician-title">
      <h2 id="clinician-title">Patients' records</h2>
      <MyPatients onOpen={show} onWrite={setWriteFor} />
      <OpenShared sharedRecord={sharedRecord} onOpen={show} me={app.wallet.address} />
      {opened && <RecordViewer key={attempt} recordId={opened} onClose={() => setOpened(null)} />}
      <h3>Add a record for a patient</h3>
      <label>Patient's address
        <input value={writeFor} onInput={(event) => setWriteFor(event.currentTarget.value.trim())} placeholder="0x…"
          autocomplete="off" /></label>
      {isAddress(writeFor) && <AddRecord patient={getAddress(writeFor)} onAdded={() => {}} />}
    </section>
  );
}

/** "Patients who granted me access": each patient's live grants, and the records they let me read. */
function MyPatients({ onOpen, onWrite }: { onOpen: (recordId: string) => void; onWrite: (patient: string) => void }) {
  const app = useApp();
  const [grants, setGrants] = useState<Grant[] | null>(null);
  const [shown, setShown] = useState<{ patient: string; records: Readable[] } | null>(null);
  const listing = useAction();
  const reload = () => listing.run(async () => {
    setGrants(await grantsToMe(app.wallet.address));
    setShown(null);
  });
  useEffect(() => { void reload(); }, []);
  const patients = byPatient(grants ?? []);
  return (
    <div class="patients">
      <h3 id="patients-title">Patients who granted me access</h3>
      <button type="button" onClick={() => void reload()} disabled={listing.busy}>Reload patients</button>
      <ErrorLine error={listing.error} />
      {grants && patients.size === 0 && <p>No patient has granted you access yet, or every grant has ended.</p>}
      <ul aria-labelledby="patients-title">
        {[...patients].map(([patient, theirs]) => (
          <li key={patient} data-patient={patient}>
            <span title={patient}>Patient {short(patient)}</span>
            <ul>{theirs.map((g) => (
              <li key={`${g.scope}${g.action}`}>may {g.action === 'WRITE' ? 'add' : 'read'} {scopeName(g.scope)} until{' '}
                {when(g.expiresAt)} ({g.purpose})</li>
            ))}</ul>
            {theirs.some((g) => g.action === 'READ') && (
              <button type="button" disabled={listing.busy} aria-label={`Show records of patient ${short(patient)}`}
                onClick={() => void listing.run(async () =>
                  setShown({ patient, records: await readableRecords(app.wallet.address, patient) }))}>
                Show records</button>)}
            {theirs.some((g) => g.action === 'WRITE') && (
              <button type="button" onClick={() => onWrite(patient)}
                aria-label={`Add a record for patient ${short(patient)}`}>Add a record</button>)}
          </li>
        ))}
      </ul>
      {shown && <ReadableTable patient={shown.patient} records={shown.records} onOpen={onOpen} />}
    </div>
  );
}

/** The records of `patient` I may read, newest first, each with its Open button. */
export function ReadableTable({ patient, records, onOpen }: { patient: string; records: Readable[];
    onOpen: (recordId: string) => void }) {
  return (
    <table>
      <caption>Records of patient {short(patient)} you may read, newest first</caption>
      <thead><tr><th scope="col">Category</th><th scope="col">Serial</th><th scope="col">Author</th>
        <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>
        {records.length === 0 && <tr><td colSpan={4}>None: nothing you may read is anchored yet.</td></tr>}
        {records.map((r) => (
          <tr key={r.recordId} data-readable={r.recordId}>
            <td>{CATEGORIES[r.category] ?? `Category ${r.category}`}</td>
            <td>{r.serial}</td>
            <td title={r.author}>{r.author === patient ? 'the patient' : short(r.author)}</td>
            <td><button type="button" onClick={() => onOpen(r.recordId)}
              aria-label={`Open ${CATEGORIES[r.category] ?? 'record'} ${r.serial}`}>Open</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A record a patient shared by link or id: the permission checked (GET /access), then opened either way. */
function OpenShared({ sharedRecord, onOpen, me }: { sharedRecord: string | null; onOpen: (id: string) => void;
    me: string }) {
  const [recordId, setRecordId] = useState(sharedRecord ?? '');
  const [access, setAccess] = useState<Schemas['AccessResponse'] | null>(null);
  const checking = useAction();
  return (
    <form onSubmit={(event) => {
      event.preventDefault();
      void checking.run(async () => {
        if (!RECORD_ID.test(recordId)) throw new InputError('This is not a record id. Paste the 0x and 64 hex digits of the patient\'s link.');
        const answer = ok(await api.GET('/api/v1/access', { params: { query: { patient: patientOf(recordId),
          grantee: me, record: recordId, action: 'READ' } } }));
        setAccess(answer);
        // Opened either way: a refused read is logged for the patient, and its answer says what to do.
        onOpen(recordId);
      });
    }}>
      <h3>Open a record a patient shared</h3>
      <label>Record id (from the patient's link)
        <input name="record" value={recordId} onInput={(event) => setRecordId(event.currentTarget.value.trim())}
          required autocomplete="off" /></label>
      <button type="submit" disabled={checking.busy}>Check my permission and open</button>
      {access && <p role="status">{access.allowed
        ? `You may read this record (checked at block ${access.blockNumber}).`
        : 'You have no active permission to read this record. Ask the patient to grant it.'}</p>}
      <ErrorLine error={checking.error} />
    </form>
  );
}
