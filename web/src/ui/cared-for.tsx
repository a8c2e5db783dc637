// People I care for, the caregiver's side: each patient who appointed me, with my powers, scopes and end; per
// patient, the records I may read (opened and decrypted with my key), a grant to a provider within my powers (the
// keys I hold re-wrapped for the provider's key on chain) and its revocation, and a record added for the patient.
import { useEffect, useState } from 'preact/hooks';
import { getAddress, isAddress } from 'viem';
import { ApiProblem, type ChainRequest } from '../api/client';
import { type Caregiver, type CaregiverAction, type CaregiverGrant, caredFor, grantAsCaregiver, grantsIMade,
  powersInWords, revokeAsCaregiver, whenSeconds } from '../caregivers';
import { InputError } from '../problems';
import { type Readable, readableRecords } from '../records';
import { scopesInWords } from './caregivers';
import { ReadableTable } from './clinician';
import { directoryOf, endOfDay, inAWeek, useAction, useApp, short } from './context';
import { ErrorLine } from './parts';
import { ProviderPicker } from './provider-picker';
import { AddRecord, RecordViewer } from './records';
import { PURPOSES, scopeName } from './sharing';

export function CaredForScreen() {
  const app = useApp();
  const [patients, setPatients] = useState<Caregiver[] | null>(null);
  const [shown, setShown] = useState<{ patient: string; records: Readable[] } | null>(null);
  const [opened, setOpened] = useState<{ recordId: string; attempt: number } | null>(null);
  const [granting, setGranting] = useState<Caregiver | null>(null);
  const [writing, setWriting] = useState<string | null>(null);
  const [made, setMade] = useState<{ patient: string; grants: CaregiverAction[] } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const listing = useAction();
  const revoking = useAction();
  const me = app.wallet.address;
  const reload = () => listing.run(async () => setPatients(await caredFor(me)));
  useEffect(() => { void reload(); }, []);
  /** The grants I made for `patient`; after a change, until the event index shows `until` (at most ten tries). */
  const showGrants = async (patient: string, until: (grants: CaregiverAction[]) => boolean = () => true) => {
    for (let attempt = 0; ; attempt++) {
      const grants = await grantsIMade(me, patient);
      if (until(grants) || attempt === 9) return setMade({ patient, grants });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  const isNow = (kind: CaregiverAction['kind'], g: Pick<CaregiverGrant, 'grantee' | 'scope' | 'action'>) =>
    (grants: CaregiverAction[]) => grants.some((made) => made.kind === kind && made.powers?.[0] === g.action
      && made.grantee?.toLowerCase() === g.grantee.toLowerCase() && made.scopes[0]?.toLowerCase() === g.scope.toLowerCase());
  const followed = (request: ChainRequest) => {
    app.track(request);
    setStatus(`${request.kind} ${request.status}`);
  };
  return (
    <section aria-labelledby="cared-for-title">
      <h2 id="cared-for-title">People I care for</h2>
      <button type="button" onClick={() => void reload()} disabled={listing.busy}>Reload people</button>
      <ErrorLine error={listing.error} />
      {patients && patients.length === 0 && <p>Nobody has appointed you as their caregiver.</p>}
      <ul aria-labelledby="cared-for-title">
        {(patients ?? []).map((p) => (
          <li key={p.patient} data-cared={p.patient} data-status={p.status}>
            <span title={p.patient}>Patient {short(p.patient)}</span>: I may {powersInWords(p.powers)} for{' '}
            {scopesInWords(p.scopes)} until {whenSeconds(p.expiresAt)}; {p.status.toLowerCase()}
            {p.status === 'LIVE' && p.powers.includes('READ') && (
              <button type="button" disabled={listing.busy} aria-label={`Show records of patient ${short(p.patient)}`}
                onClick={() => void listing.run(async () =>
                  setShown({ patient: p.patient, records: await readableRecords(me, p.patient) }))}>
                Show records</button>)}
            {p.status === 'LIVE' && p.powers.includes('GRANT_REVOKE') && <>
              <button type="button" onClick={() => setGranting(p)}
                aria-label={`Grant access to records of patient ${short(p.patient)}`}>Grant access</button>
              <button type="button" disabled={listing.busy} onClick={() => void listing.run(() => showGrants(p.patient))}
                aria-label={`Access I granted for patient ${short(p.patient)}`}>Access I granted</button>
            </>}
            {p.status === 'LIVE' && p.powers.includes('WRITE') && (
              <button type="button" onClick={() => setWriting(p.patient)}
                aria-label={`Add a record for patient ${short(p.patient)}`}>Add a record</button>)}
          </li>
        ))}
      </ul>
      {shown && <ReadableTable patient={shown.patient} records={shown.records}
        onOpen={(recordId) => setOpened({ recordId, attempt: (opened?.attempt ?? 0) + 1 })} />}
      {opened && <RecordViewer key={opened.attempt} recordId={opened.recordId} onClose={() => setOpened(null)} />}
      {granting && <GrantForm appointment={granting} followed={followed} onGranted={(g) => {
        setStatus('Access granted.');
        void listing.run(() => showGrants(g.patient, isNow('GRANTED', g)));
      }} />}
      {status && <p role="status">{status}</p>}
      <ErrorLine error={revoking.error} />
      {made && <>
        <h3 id="made-title">Access I granted for patient {short(made.patient)}</h3>
        {made.grants.length === 0 && <p>You have granted nobody access to this patient's records.</p>}
        <ul aria-labelledby="made-title">
          {made.grants.map((g) => {
            const grant = { patient: made.patient, grantee: g.grantee!, scope: g.scopes[0]!,
              action: g.powers?.[0] === 'WRITE' ? 'WRITE' as const : 'READ' as const };
            return (
              <li key={`${grant.grantee}${grant.scope}${grant.action}`} data-grantee={grant.grantee} data-kind={g.kind}>
                <span title={grant.grantee}>{short(grant.grantee)}</span>{' '}
                {g.kind === 'GRANTED' ? 'may' : 'may no longer'} {grant.action === 'WRITE' ? 'add' : 'read'}{' '}
                {scopeName(grant.scope)} (since {whenSeconds(g.at)})
                {g.kind === 'GRANTED' && (
                  <button type="button" disabled={revoking.busy}
                    aria-label={`Revoke ${short(grant.grantee)}'s ${grant.action} access to ${scopeName(grant.scope)}`}
                    onClick={() => void revoking.run(async () => {
                      const done = await revokeAsCaregiver(app.wallet, grant, followed);
                      setStatus(done.status === 'CONFIRMED' ? 'Access revoked.' : `Revocation ${done.status}`);
                      if (done.status === 'CONFIRMED') await showGrants(made.patient, isNow('REVOKED', grant));
                    })}>Revoke</button>)}
              </li>
            );
          })}
        </ul>
      </>}
      {writing && <><h3>Add a record for patient {short(writing)}</h3>
        <AddRecord patient={writing} onAdded={() => {}} /></>}
    </section>
  );
}

/** A grant for the patient, within my appointment: its scopes, the actions I hold, until its end at the latest. */
function GrantForm({ appointment, followed, onGranted }: { appointment: Caregiver;
    followed: (request: ChainRequest) => void; onGranted: (grant: CaregiverGrant) => void }) {
  const app = useApp();
  const { busy, error, run } = useAction();
  const actions = (['READ', 'WRITE'] as const).filter((a) => appointment.powers.includes(a));
  const last = new Date(Number(appointment.expiresAt) * 1000).toISOString().slice(0, 10);
  return (
    <form onSubmit={(event) => {
      event.preventDefault();
      const form = new FormData(event.currentTarget);
      void run(async () => {
        const pasted = String(form.get('grantee')).trim();
        if (!isAddress(pasted)) throw new InputError('Pick a provider from the list, or paste an address of 0x and 40 hex digits.');
        const grant: CaregiverGrant = { patient: appointment.patient, grantee: getAddress(pasted),
          scope: String(form.get('scope')), action: form.get('action') === 'WRITE' ? 'WRITE' : 'READ',
          purpose: String(form.get('purpose')),
          expiresAt: Math.min(endOfDay(String(form.get('expires'))), Number(appointment.expiresAt)) };
        const readable = await readableRecords(app.wallet.address, appointment.patient);
        const done = await grantAsCaregiver(app.wallet, directoryOf(app), app.key!, readable, grant, followed);
        if (done.status !== 'CONFIRMED') {
          throw new ApiProblem({ code: done.failureCode ?? 'INTERNAL-0001', title: done.failureDetail ?? done.status,
            status: 422, type: 'about:blank' });
        }
        onGranted(grant);
      });
    }}>
      <h3>Grant access for patient {short(appointment.patient)}</h3>
      <ProviderPicker name="grantee" />
      <label>Records
        <select name="scope">{appointment.scopes.map((s) => <option key={s} value={s}>{scopeName(s)}</option>)}</select>
      </label>
      <label>Access
        <select name="action">{actions.map((a) => <option key={a} value={a}>{a === 'READ' ? 'Read' : 'Add records'}</option>)}</select>
      </label>
      <label>Purpose
        <select name="purpose">{Object.entries(PURPOSES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}</select>
      </label>
      <label>Until <input name="expires" type="date" required max={last}
        defaultValue={inAWeek() < last ? inAWeek() : last} /></label>
      <button type="submit" disabled={busy}>Sign and grant</button>
      <ErrorLine error={error} />
    </form>
  );
}
