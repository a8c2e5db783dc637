// The patient's "Emergency access": keyholders, how many must approve, the window's length and the records an
// emergency opens (set up in one signed step, src/emergency.ts); the review of every request, its approvals, its
// window and the records read through it, with "Close now"; and, for a keyholder, the requests waiting for approval.
import { useEffect, useState } from 'preact/hooks';
import { getAddress, isAddress } from 'viem';
import { type ReviewEntry, close, review, setUpEmergencyAccess } from '../emergency';
import { InputError } from '../problems';
import { CATEGORIES, type RecordVersion, categoryOf } from '../records';
import { directoryOf, useAction, useApp, short, when } from './context';
import { KeyholderRequests } from './emergency-keyholder';
import { ErrorLine } from './parts';
import { myRecords } from './records';

const WINDOWS: Record<number, string> = { 900: '15 minutes', 3600: '1 hour', 14400: '4 hours', 43200: '12 hours',
  86400: '1 day', 259200: '3 days' };
const MAX_RECORDS = 8;
/** Records an emergency may open: anchored, current, not a kit; the emergency summary (a FHIR Bundle) first. */
const openable = (records: RecordVersion[]) => records
  .filter((r) => r.cid && !r.supersededBy && r.category < 4098)
  .sort((a, b) => Number(b.category === 14) - Number(a.category === 14));

export function EmergencyScreen() {
  return (
    <section aria-labelledby="emergency-title">
      <h2 id="emergency-title">Emergency access</h2>
      <p>If you cannot act, an accredited clinician may read the records you choose here once enough of your
        keyholders approve; you are told at once, and you can close the window.</p>
      <SetupForm />
      <Review />
      <KeyholderRequests />
    </section>
  );
}

function SetupForm() {
  const app = useApp();
  const [records, setRecords] = useState<RecordVersion[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const listing = useAction();
  const setting = useAction();
  useEffect(() => { void listing.run(async () => setRecords(openable(await myRecords(app.wallet.address)))); }, []);
  return (
    <form onSubmit={(event) => {
      event.preventDefault();
      const form = new FormData(event.currentTarget);
      void setting.run(async () => {
        const lines = String(form.get('keyholders')).split(/\s+/).filter(Boolean);
        if (lines.length === 0 || !lines.every((line) => isAddress(line))) {
          throw new InputError('Paste each keyholder\'s address, 0x and 40 hex digits, one a line.');
        }
        const threshold = Number(form.get('threshold'));
        if (threshold < 2 || threshold > lines.length) {
          throw new InputError('The approvals needed must be at least 2 and at most the number of keyholders.');
        }
        const chosen = form.getAll('record').map(String);
        if (chosen.length === 0 || chosen.length > MAX_RECORDS) {
          throw new InputError(`Choose one to ${MAX_RECORDS} records that an emergency opens.`);
        }
        setStatus('Making the emergency key and its kit…');
        const done = await setUpEmergencyAccess(app.wallet, app.network, directoryOf(app), app.key!, {
          keyholders: lines.map((line) => getAddress(line)), threshold,
          windowLength: Number(form.get('window')), records: chosen }, (request) => {
          app.track(request);
          setStatus(`${request.kind}: ${request.status}`);
        });
        setStatus(done.status === 'CONFIRMED' ? 'Emergency access is set up.' : `Set-up ${done.status}`);
      });
    }}>
      <h3>Set up emergency access</h3>
      <label>Keyholders' addresses (one a line; each must have published an encryption key)
        <textarea name="keyholders" rows={3} required autocomplete="off" /></label>
      <label>Approvals needed
        <input name="threshold" type="number" min={2} max={16} defaultValue="2" required /></label>
      <label>Window length
        <select name="window">{Object.entries(WINDOWS).map(([seconds, name]) =>
          <option key={seconds} value={seconds} selected={seconds === '3600'}>{name}</option>)}</select></label>
      <fieldset>
        <legend>Records an emergency opens</legend>
        <ErrorLine error={listing.error} />
        {records?.length === 0 && <p>No records yet. Add your emergency summary in My records first.</p>}
        {records?.map((r, i) => (
          <label key={r.recordId} class="check"><input type="checkbox" name="record" value={r.recordId}
            defaultChecked={i === 0 && r.category === 14} />
            {CATEGORIES[r.category] ?? `Category ${r.category}`} of {when(r.createdAt)}</label>
        ))}
      </fieldset>
      <button type="submit" disabled={setting.busy}>Sign and set up</button>
      {status && <p role="status">{status}</p>}
      <ErrorLine error={setting.error} />
    </form>
  );
}

const isOpen = (e: ReviewEntry) => !e.closedAt && !!e.windowUntil && Date.parse(e.windowUntil) > Date.now();
const isPending = (e: ReviewEntry) => !e.closedAt && !e.windowUntil;

function Review() {
  const app = useApp();
  const [entries, setEntries] = useState<ReviewEntry[] | null>(null);
  const listing = useAction();
  const closing = useAction();
  const reload = () => listing.run(async () => setEntries(await review(app.wallet.address)));
  useEffect(() => { void reload(); }, []);
  return (
    <div>
      <h3 id="review-title">Emergency requests</h3>
      <button type="button" disabled={listing.busy} onClick={() => void reload()}>Reload requests</button>
      <ErrorLine error={listing.error ?? closing.error} />
      {entries?.length === 0 && <p>No clinician has asked for emergency access.</p>}
      <ul aria-labelledby="review-title">{entries?.map((e) => (
        <li key={`${e.requester}${e.round}`} data-emergency-request={e.requester}>
          <p><span title={e.requester}>{short(e.requester)}</span> asked {when(e.requestedAt)}:{' '}
            {e.reason ?? `reason hash ${short(e.reasonHash)}`}</p>
          <p>{e.approvals.length} approval{e.approvals.length === 1 ? '' : 's'}
            {e.approvals.map((a) =>
              <span key={a.keyholder} class="chip" title={a.keyholder}>{short(a.keyholder)}</span>)}</p>
          <p>{e.closedAt ? `You closed it ${when(e.closedAt)}.` : e.windowUntil
            ? `Window opened ${when(e.windowOpenedAt!)}, ${isOpen(e) ? 'open' : 'ended'} until ${when(e.windowUntil)}.`
            : 'Waiting for approvals.'}</p>
          {e.reads.length > 0 && <ul class="reads">{e.reads.map((r) => (
            <li key={`${r.recordId}${r.at}`}>Read {CATEGORIES[categoryOf(r.recordId)] ?? 'record'}{' '}
              <span title={r.recordId}>{short(r.recordId)}</span> {when(r.at)}</li>))}</ul>}
          {(isOpen(e) || isPending(e)) && (
            <button type="button" disabled={closing.busy}
              aria-label={`Close now: ${short(e.requester)}'s emergency access`}
              onClick={() => void closing.run(async () => {
                await close(app.wallet, app.network, e.requester, app.track);
                await reload();
              })}>Close now</button>)}
        </li>
      ))}</ul>
    </div>
  );
}
