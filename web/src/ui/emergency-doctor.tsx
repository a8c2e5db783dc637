// The emergency clinician's "Emergency": the patient's address, the reason (its keccak256 is what is signed; the
// text goes to the patient alone), the request; its status followed on chain; once the window is open, the emergency
// key rebuilt from the keyholders' checked transfers and the records the setup opens read and decrypted here. The
// window's end is shown; after it, or once the patient closes it, the screen says access ended.
import type { PrivateKey } from 'eciesjs';
import { useEffect, useState } from 'preact/hooks';
import { getAddress, isAddress } from 'viem';
import { type ChainEmergencyRequest, emergencyRecords, myRequest, rebuildEmergencyKey, requestAccess }
  from '../emergency';
import { InputError } from '../problems';
import { useAction, useApp, short, when } from './context';
import { ErrorLine } from './parts';
import { RecordViewer } from './records';

/** How often the request's status is read from the chain while the screen shows it. */
const STATUS_EVERY_MS = 3000;

function statusOf(request: ChainEmergencyRequest | null, now: number): string {
  if (!request || request.round === 0) return 'No request yet.';
  const until = new Date(request.openUntil * 1000).toISOString();
  if (request.openUntil > now / 1000) return `The window is open until ${when(until)}.`;
  if (request.openUntil > 0) return `Emergency access ended at ${when(until)}.`;
  if (request.settled) return 'The patient closed this request. Emergency access ended.';
  return `Waiting for the keyholders: ${request.approvals} approval${request.approvals === 1 ? '' : 's'} so far.`;
}

export function EmergencyDoctorScreen() {
  const app = useApp();
  const [patient, setPatient] = useState('');
  const [followed, setFollowed] = useState<string | null>(null);
  const [request, setRequest] = useState<ChainEmergencyRequest | null>(null);
  const [now, setNow] = useState(Date.now());
  const asking = useAction();
  useEffect(() => {
    if (!followed) return;
    const read = () => void myRequest(app.wallet, app.network, followed).then(setRequest, console.warn)
      .finally(() => setNow(Date.now()));
    read();
    const timer = setInterval(read, STATUS_EVERY_MS);
    return () => clearInterval(timer);
  }, [followed]);
  return (
    <section aria-labelledby="er-title">
      <h2 id="er-title">Emergency</h2>
      <form onSubmit={(event) => {
        event.preventDefault();
        const reason = String(new FormData(event.currentTarget).get('reason')).trim();
        void asking.run(async () => {
          if (!isAddress(patient)) throw new InputError('Paste the patient\'s address: 0x and 40 hex digits.');
          await requestAccess(app.wallet, app.network, patient, reason, app.track);
          setFollowed(getAddress(patient));
        });
      }}>
        <p>Ask for a patient's emergency records when the patient cannot consent. The patient's keyholders must
          approve; the patient is told at once and sees every record you read.</p>
        <label>Patient's address
          <input value={patient} onInput={(event) => setPatient(event.currentTarget.value.trim())} placeholder="0x…"
            autocomplete="off" required /></label>
        <p>Purpose: emergency treatment</p>
        <label>Reason (the patient reads it; only its hash goes on chain)
          <textarea name="reason" rows={2} maxLength={1000} required /></label>
        <button type="submit" disabled={asking.busy}>Sign and request</button>
        <button type="button" disabled={!isAddress(patient)} onClick={() => setFollowed(getAddress(patient))}>
          Follow my request</button>
        <ErrorLine error={asking.error} />
      </form>
      {followed && (
        <div>
          <h3>Patient {short(followed)}</h3>
          <p role="status" data-emergency-status>{statusOf(request, now)}</p>
          <EmergencyRecords patient={followed} />
        </div>
      )}
    </section>
  );
}

/** The records the patient's setup opens, read through the window and decrypted with the rebuilt emergency key. */
function EmergencyRecords({ patient }: { patient: string }) {
  const app = useApp();
  const [key, setKey] = useState<PrivateKey | null>(null);
  const [ids, setIds] = useState<string[] | null>(null);
  const [opened, setOpened] = useState<[string, number] | null>(null);
  const reading = useAction();
  return (
    <div>
      <button type="button" disabled={reading.busy} onClick={() => void reading.run(async () => {
        setKey(key ?? await rebuildEmergencyKey(app.wallet.reader, app.network, patient, app.key!));
        setIds(await emergencyRecords(app.wallet.reader, app.network, patient));
      })}>Rebuild the emergency key</button>
      <ErrorLine error={reading.error} />
      {key && <p role="status">The emergency key is rebuilt from the keyholders' checked shares.</p>}
      {ids?.length === 0 && <p>The patient's setup names no single record to open.</p>}
      {key && ids && ids.length > 0 && <ul aria-label="Records this emergency opens">{ids.map((id) => (
        <li key={id} data-emergency-record={id}>Record <span title={id}>{short(id)}</span>{' '}
          <button type="button" onClick={() => setOpened([id, (opened?.[1] ?? 0) + 1])}
            aria-label={`Open record ${short(id)}`}>Open</button></li>))}</ul>}
      {key && opened && <RecordViewer key={opened[1]} recordId={opened[0]} onClose={() => setOpened(null)}
        through={{ key, from: `/api/v1/emergency/records/${opened[0]}/content` }} />}
    </div>
  );
}
