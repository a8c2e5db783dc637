// Caregivers, the patient's side: appoint one (an address, its powers, 1 to 8 scopes, an end date; with READ the
// covered records' keys re-wrapped for the caregiver's key on chain), my caregivers with Revoke, and what they did.
import { useEffect, useState } from 'preact/hooks';
import { getAddress, isAddress } from 'viem';
import { type ChainRequest } from '../api/client';
import { type Caregiver, type CaregiverAction, POWERS, type Power, appoint, caregiverActions, caregiversOf, dismiss,
  powersInWords, whenSeconds } from '../caregivers';
import { InputError } from '../problems';
import { ALL_RECORDS, CATEGORIES, type RecordVersion, categoryScope } from '../records';
import { directoryOf, endOfDay, inAWeek, useAction, useApp, short } from './context';
import { ErrorLine } from './parts';
import { myRecords } from './records';
import { scopeName } from './sharing';

export const scopesInWords = (scopes: string[]): string => scopes.map(scopeName).join(', ');

export function CaregiversScreen() {
  const app = useApp();
  const [caregivers, setCaregivers] = useState<Caregiver[] | null>(null);
  const [actions, setActions] = useState<CaregiverAction[]>([]);
  const [records, setRecords] = useState<RecordVersion[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const listing = useAction();
  const appointing = useAction();
  const revoking = useAction();
  const me = app.wallet.address;
  const reload = () => listing.run(async () => {
    const [theirs, done, mine] = await Promise.all([caregiversOf(me), caregiverActions(me), myRecords(me)]);
    setCaregivers(theirs);
    setActions(done);
    setRecords(mine);
  });
  useEffect(() => { void reload(); }, []);
  const followed = (request: ChainRequest) => {
    app.track(request);
    setStatus(`${request.kind} ${request.status}`);
  };
  return (
    <section aria-labelledby="caregivers-title">
      <h2 id="caregivers-title">Caregivers</h2>
      <form onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        void appointing.run(async () => {
          const pasted = String(form.get('caregiver')).trim();
          if (!isAddress(pasted)) throw new InputError('Paste the caregiver\'s address: 0x and 40 hex digits.');
          const powers = (Object.keys(POWERS) as Power[]).filter((p) => form.has(p));
          if (powers.length === 0) throw new InputError('Give the caregiver at least one power.');
          const scopes = form.getAll('scopes').map(String);
          if (scopes.length < 1 || scopes.length > 8) throw new InputError('Choose between 1 and 8 sets of records.');
          const done = await appoint(app.wallet, directoryOf(app), app.key!, records, { caregiver: getAddress(pasted),
            scopes, powers, expiresAt: endOfDay(String(form.get('expires'))) }, followed);
          setStatus(done.status === 'CONFIRMED' ? 'Caregiver appointed.' : `Appointment ${done.status}`);
          await reload();
        });
      }}>
        <h3>Appoint a caregiver</h3>
        <label>Caregiver's address
          <input name="caregiver" required autocomplete="off" placeholder="0x…" /></label>
        <fieldset>
          <legend>Powers</legend>
          {(Object.entries(POWERS) as [Power, string][]).map(([power, words]) => (
            <label key={power} class="check"><input type="checkbox" name={power} defaultChecked={power === 'READ'} />
              {words[0]!.toUpperCase() + words.slice(1)}</label>
          ))}
        </fieldset>
        <label>Records (1 to 8: hold Ctrl or Shift to choose more)
          <select name="scopes" multiple size={6} required>
            <option value={ALL_RECORDS}>All my records</option>
            <optgroup label="A category">
              {Object.entries(CATEGORIES).map(([code, name]) =>
                <option key={code} value={categoryScope(Number(code))}>{name}</option>)}
            </optgroup>
            <optgroup label="One record">
              {records.filter((r) => r.cid && !r.supersededBy).map((r) => (
                <option key={r.recordId} value={r.recordId}>{CATEGORIES[r.category] ?? 'Record'} {short(r.recordId)}</option>
              ))}
            </optgroup>
          </select></label>
        <label>Until <input name="expires" type="date" required defaultValue={inAWeek()} /></label>
        <button type="submit" disabled={appointing.busy}>Sign and appoint</button>
        <ErrorLine error={appointing.error} />
      </form>
      {status && <p role="status">{status}</p>}
      <h3 id="my-caregivers">My caregivers</h3>
      <button type="button" onClick={() => void reload()} disabled={listing.busy}>Reload caregivers</button>
      <ErrorLine error={listing.error ?? revoking.error} />
      {caregivers && caregivers.length === 0 && <p>You have appointed no caregiver.</p>}
      <ul aria-labelledby="my-caregivers">
        {(caregivers ?? []).map((c) => (
          <li key={c.caregiver} data-caregiver={c.caregiver} data-status={c.status}>
            <span title={c.caregiver}>{short(c.caregiver)}</span> may {powersInWords(c.powers)} for{' '}
            {scopesInWords(c.scopes)} until {whenSeconds(c.expiresAt)};
            appointed by {c.appointer ? <span title={c.appointer}>{short(c.appointer)}</span> : 'you'}; {c.status.toLowerCase()}
            {c.rekeyAdvised && <p>This caregiver's appointment ended while it could read: it may have kept the record
              keys it fetched. Add the next versions of those records as new records, which get new keys.</p>}
            {c.status === 'LIVE' && (
              <button type="button" disabled={revoking.busy} aria-label={`Revoke caregiver ${short(c.caregiver)}`}
                onClick={() => void revoking.run(async () => {
                  const done = await dismiss(app.wallet, c.caregiver, followed);
                  setStatus(done.status === 'CONFIRMED' ? 'Caregiver revoked.' : `Revocation ${done.status}`);
                  await reload();
                })}>Revoke</button>)}
          </li>
        ))}
      </ul>
      <h3>What my caregivers did</h3>
      {caregivers && actions.length === 0 && <p>Nothing yet.</p>}
      <ol class="history">
        {actions.map((a) => (
          <li key={`${a.transaction}${a.kind}${a.grantee ?? ''}`} data-action={a.kind}>
            {whenSeconds(a.at)}: <span title={a.by}>{a.by === me ? 'you' : short(a.by)}</span> {describe(a)}</li>
        ))}
      </ol>
    </section>
  );
}

function describe(a: CaregiverAction): string {
  const scopes = scopesInWords(a.scopes);
  switch (a.kind) {
    case 'APPOINTED': return `appointed ${short(a.caregiver)} to ${powersInWords(a.powers ?? [])} for ${scopes}`;
    case 'CAREGIVER_REVOKED': return `revoked caregiver ${short(a.caregiver)}`;
    case 'GRANTED': return `granted ${short(a.grantee ?? '')} ${(a.powers ?? []).join(', ')} on ${scopes}`;
    case 'REVOKED': return `revoked ${short(a.grantee ?? '')}'s ${(a.powers ?? []).join(', ')} on ${scopes}`;
  }
}
