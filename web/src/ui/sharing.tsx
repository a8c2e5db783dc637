// Sharing: grant access (a provider picked from the directory or a pasted address, whose encryption key is read
// from the chain; scope, purpose, expiry), with every covered record's key re-wrapped for the grantee, and the
// consent history with a revoke button per active grant.
import { useEffect, useState } from 'preact/hooks';
import { getAddress, isAddress } from 'viem';
import { type Schemas, api, ok } from '../api/client';
import { ALL_RECORDS, CATEGORIES, categoryScope, grant, revoke } from '../records';
import { requireEncryptionKey } from '../directory';
import { directoryOf, endOfDay, inAWeek, useAction, useApp, short, when } from './context';
import { ErrorLine } from './parts';
import { myRecords } from './records';
import { ProviderPicker } from './provider-picker';
import { InputError } from '../problems';

/** HL7 PurposeOfUse codes the API takes (docs/CODES.md). */
export const PURPOSES: Record<string, string> = { TREAT: 'Treatment', ETREAT: 'Emergency treatment',
  CAREMGT: 'Care management', HPAYMT: 'Healthcare payment', HOPERAT: 'Healthcare operations',
  HRESCH: 'Research', PATRQT: 'At my request', FAMRQT: 'At my family\'s request', PUBHLTH: 'Public health',
  COVERAGE: 'Insurance coverage' };
type Consent = Schemas['ConsentChangeResponse'];

async function consents(patient: string): Promise<Consent[]> {
  return ok(await api.GET('/api/v1/patients/{patient}/consents', { params: { path: { patient },
    query: { limit: '200' } } }));
}

export function scopeName(scope: string): string {
  if (scope === ALL_RECORDS) return 'all records';
  const code = Number(BigInt(scope));
  return code < 65536 ? (CATEGORIES[code] ?? `category ${code}`) : `record ${short(scope)}`;
}

/** The grants in force: the latest change of each (grantee, scope, action) slot is a grant not yet expired. */
function active(history: Consent[]): Consent[] {
  const latest = new Map<string, Consent>();
  for (const change of [...history].sort((a, b) => a.at.localeCompare(b.at))) {
    latest.set(`${change.grantee}|${change.scope}|${change.action}`, change);
  }
  return [...latest.values()].filter((c) => c.kind === 'GRANTED' && (!c.expiresAt || Date.parse(c.expiresAt) > Date.now()));
}

export function SharingScreen() {
  const app = useApp();
  const [history, setHistory] = useState<Consent[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const listing = useAction();
  const granting = useAction();
  const revoking = useAction();
  const reload = () => listing.run(async () => setHistory(await consents(app.wallet.address)));
  useEffect(() => { void reload(); }, []);
  const followed = (request: Schemas['ChainRequest']) => {
    app.track(request);
    setStatus(`${request.kind} ${request.status}`);
  };
  return (
    <section aria-labelledby="sharing-title">
      <h2 id="sharing-title">Sharing</h2>
      <form onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        void granting.run(async () => {
          const pasted = String(form.get('grantee')).trim();
          if (!isAddress(pasted)) throw new InputError('Pick a provider from the list, or paste an address of 0x and 40 hex digits.');
          const grantee = getAddress(pasted);
          await requireEncryptionKey(directoryOf(app), grantee);
          const scopeChoice = String(form.get('scope'));
          const scope = scopeChoice === 'all' ? ALL_RECORDS : categoryScope(Number(scopeChoice));
          const expiresAt = endOfDay(String(form.get('expires')));
          const records = await myRecords(app.wallet.address);
          const done = await grant(app.wallet, directoryOf(app), app.key!, records, { grantee, scope,
            action: form.get('action') === 'WRITE' ? 'WRITE' : 'READ', purpose: String(form.get('purpose')), expiresAt },
          followed);
          setStatus(done.status === 'CONFIRMED' ? 'Access granted.' : `Grant ${done.status}`);
          await reload();
        });
      }}>
        <h3>Grant access</h3>
        <ProviderPicker name="grantee" />
        <label>Records
          <select name="scope">
            <option value="all">All my records</option>
            {Object.entries(CATEGORIES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
          </select></label>
        <label>Access
          <select name="action"><option value="READ">Read</option><option value="WRITE">Add records</option></select></label>
        <label>Purpose
          <select name="purpose">{Object.entries(PURPOSES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}</select></label>
        <label>Until <input name="expires" type="date" required defaultValue={inAWeek()} /></label>
        <button type="submit" disabled={granting.busy}>Sign and grant</button>
        <ErrorLine error={granting.error} />
      </form>
      {status && <p role="status">{status}</p>}
      <h3>Who has access</h3>
      <ErrorLine error={listing.error ?? revoking.error} />
      <ul class="grants">
        {active(history).map((c) => (
          <li key={`${c.grantee}${c.scope}${c.action}`} data-grantee={c.grantee}>
            <span title={c.grantee}>{short(c.grantee)}</span> may {c.action === 'WRITE' ? 'add' : 'read'} {scopeName(c.scope)}
            {c.expiresAt && <> until {when(c.expiresAt)}</>} ({c.purpose ?? 'no purpose'}; {c.status})
            <button type="button" disabled={revoking.busy} onClick={() => void revoking.run(async () => {
              const done = await revoke(app.wallet, { grantee: c.grantee, scope: c.scope, action: c.action }, followed);
              setStatus(done.status === 'CONFIRMED' ? 'Access revoked.' : `Revocation ${done.status}`);
              await reload();
            })} aria-label={`Revoke ${short(c.grantee)}'s ${c.action} access to ${scopeName(c.scope)}`}>Revoke</button>
          </li>
        ))}
      </ul>
      <h3>Consent history</h3>
      <ol class="history">
        {history.map((c, i) => (
          <li key={i}>{when(c.at)}: {c.kind === 'GRANTED' ? 'granted' : 'revoked'} {c.action} on {scopeName(c.scope)} to{' '}
            <span title={c.grantee}>{short(c.grantee)}</span> ({c.status})</li>
        ))}
      </ol>
    </section>
  );
}
