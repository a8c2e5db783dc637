// The clinician's side: verify a permission, open a record a patient shared (by its link or id), and add a record
// for a patient who granted WRITE. Listing "the patients who granted me access" needs an API the service does not
// have yet (a grantee's view of the consent index): see docs/WEB.md.
import { useState } from 'preact/hooks';
import { getAddress, isAddress } from 'viem';
import { type Schemas, api, ok } from '../api/client';
import { useAction, useApp } from './context';
import { ErrorLine } from './parts';
import { AddRecord, RecordViewer } from './records';
import { patientOf } from '../records';
import { InputError } from '../problems';

const RECORD_ID = /^0x[0-9a-fA-F]{64}$/;

export function ClinicianScreen({ sharedRecord }: { sharedRecord: string | null }) {
  const app = useApp();
  const [recordId, setRecordId] = useState(sharedRecord ?? '');
  const [opened, setOpened] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [access, setAccess] = useState<Schemas['AccessResponse'] | null>(null);
  const [writeFor, setWriteFor] = useState('');
  const checking = useAction();
  return (
    <section aria-labelledby="clinician-title">
      <h2 id="clinician-title">Patients' records</h2>
      <form onSubmit={(event) => {
        event.preventDefault();
        void checking.run(async () => {
          if (!RECORD_ID.test(recordId)) throw new InputError('This is not a record id. Paste the 0x and 64 hex digits of the patient\'s link.');
          const answer = ok(await api.GET('/api/v1/access', { params: { query: { patient: patientOf(recordId),
            grantee: app.wallet.address, record: recordId, action: 'READ' } } }));
          setAccess(answer);
          // Opened either way: a refused read is logged for the patient, and its answer says what to do.
          setOpened(recordId);
          setAttempt((n) => n + 1);
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
      {opened && <RecordViewer key={attempt} recordId={opened} onClose={() => setOpened(null)} />}
      <h3>Add a record for a patient</h3>
      <label>Patient's address
        <input value={writeFor} onInput={(event) => setWriteFor(event.currentTarget.value.trim())} placeholder="0x…"
          autocomplete="off" /></label>
      {isAddress(writeFor) && <AddRecord patient={getAddress(writeFor)} onAdded={() => {}} />}
    </section>
  );
}
