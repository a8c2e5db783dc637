// The patient's Recovery screen: name guardians (picked from the directory or pasted; each one's encryption key read
// from the chain), choose k of n, make the recovery kit of my unlocked key and store it as my category 4098 record;
// the current kit, the recovery log, and for a passkey account its identity history as the account's contract logged it.
import { useEffect, useState } from 'preact/hooks';
import { getAddress, isAddress } from 'viem';
import type { Schemas } from '../api/client';
import type { Kit } from '../crypto/recovery-kit';
import { InputError } from '../problems';
import { type Guardian, currentKit, currentKitRecord, fingerprint, guardianOf, identityHistory, recoveryLog, storeKit }
  from '../recovery';
import type { RecordVersion } from '../records';
import { directoryOf, short, useAction, useApp, when } from './context';
import { ErrorLine } from './parts';
import { ProviderPicker } from './provider-picker';
import { myRecords } from './records';

export function RecoveryScreen() {
  const app = useApp();
  const me = app.wallet.address;
  const [record, setRecord] = useState<RecordVersion | undefined>(undefined);
  const [kit, setKit] = useState<Kit | null>(null);
  const [log, setLog] = useState<Schemas['RecoveryEventResponse'][]>([]);
  const listing = useAction();
  const reload = () => listing.run(async () => {
    setRecord(currentKitRecord(await myRecords(me), me));
    setKit(await currentKit(me));
    setLog(await recoveryLog(me));
  });
  useEffect(() => { void reload(); }, []);
  return (
    <section aria-labelledby="recovery-title">
      <h2 id="recovery-title">Recovery</h2>
      <p>If you lose your key, any k of your guardians give it back together; fewer, or the service, learn nothing.</p>
      <ErrorLine error={listing.error} />
      {record ? (
        <p data-kit={record.recordId}>Current kit, made {when(record.createdAt)}{kit ? <>: any {kit.threshold} of{' '}
          {kit.guardians.map((g) => <span key={g.address} title={g.address} class="chip">{short(g.address)}</span>)}
          </> : ', not anchored yet'}.</p>
      ) : !listing.busy && <p>No recovery kit yet: nobody can give your key back.</p>}
      <KitForm current={record?.recordId} onStored={() => void reload()} />
      <h3 id="log-title">Recovery log</h3>
      <ol aria-labelledby="log-title">
        {log.length === 0 && <li>No recovery asked for.</li>}
        {log.map((e, i) => (
          <li key={i} data-step={e.kind}>{when(e.at)}: {words(e.kind)} by <span title={e.actor}>
            {e.actor.toLowerCase() === me.toLowerCase() ? 'you' : short(e.actor)}</span>, device key{' '}
            <code>{fingerprint(e.devicePublicKey)}</code></li>
        ))}
      </ol>
      {app.wallet.encryptionKey && <IdentityHistory />}
    </section>
  );
}

/** GUARDIANS_CHANGED: "guardians changed". */
const words = (kind: string): string => kind.toLowerCase().replace('_', ' ');

function KitForm({ current, onStored }: { current: string | undefined; onStored: () => void }) {
  const app = useApp();
  const [guardians, setGuardians] = useState<Guardian[]>([]);
  const [added, setAdded] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const adding = useAction();
  const storing = useAction();
  return (
    <>
      <form onSubmit={(event) => {
        event.preventDefault();
        const pasted = String(new FormData(event.currentTarget).get('guardian')).trim();
        void adding.run(async () => {
          if (!isAddress(pasted)) throw new InputError('Pick a provider from the list, or paste an address of 0x and 40 hex digits.');
          const address = getAddress(pasted);
          if (!guardians.some((g) => g.address === address)) {
            setGuardians([...guardians, await guardianOf(directoryOf(app), app.wallet.address, address)]);
          }
          setAdded(added + 1);  // a new picker: empty again
        });
      }}>
        <h3>{current ? 'Make a new kit' : 'Name your guardians'}</h3>
        <ProviderPicker key={added} name="guardian" label="Guardian (search the directory by name, or paste an address)" />
        <button type="submit" disabled={adding.busy}>Add guardian</button>
        <ErrorLine error={adding.error} />
      </form>
      <ul aria-label="Guardians of the new kit">
        {guardians.map((g) => (
          <li key={g.address} data-guardian={g.address}><span title={g.address}>{short(g.address)}</span>{' '}
            <button type="button" onClick={() => setGuardians(guardians.filter((other) => other !== g))}
              aria-label={`Remove ${short(g.address)}`}>Remove</button></li>
        ))}
      </ul>
      <form onSubmit={(event) => {
        event.preventDefault();
        const k = Number(new FormData(event.currentTarget).get('k'));
        void storing.run(async () => {
          const done = await storeKit(app.network, app.wallet.address, app.key!, guardians, k, current, (request) => {
            app.track(request);
            setStatus(`Storing the kit: ${request.status}`);
          });
          if (done.status !== 'CONFIRMED') throw new InputError(`The kit was not anchored (${done.failureCode ?? done.status}). Make it again.`);
          setStatus(`Kit stored: any ${k} of your ${guardians.length} guardians can give your key back.`);
          setGuardians([]);
          onStored();
        });
      }}>
        <label>Guardians needed to give your key back (k, at least 2)
          <input name="k" type="number" min={2} max={guardians.length} defaultValue="2" required /></label>
        {current && <p>The new kit replaces the current one, but a guardian you leave out keeps its old share, which
          still opens your key with k − 1 others: if you no longer trust one, make a new key too.</p>}
        <button type="submit" disabled={storing.busy || guardians.length < 2}>Make and store the kit</button>
        {status && <p role="status">{status}</p>}
        <ErrorLine error={storing.error} />
      </form>
    </>
  );
}

/** A passkey account's guardian recovery of its signer, as its contract logged it (newest first). */
function IdentityHistory() {
  const app = useApp();
  const [steps, setSteps] = useState<Schemas['IdentityStepResponse'][]>([]);
  const { error, run } = useAction();
  useEffect(() => { void run(async () => setSteps(await identityHistory(app.wallet.address))); }, []);
  return (
    <>
      <h3 id="identity-title">Your account's identity history</h3>
      <p>Your passkey account's own guardians can give it a new passkey; this app cannot name them yet.</p>
      <ErrorLine error={error} />
      <ol aria-labelledby="identity-title">
        {steps.map((s) => (
          <li key={`${s.blockNumber}-${s.logIndex}`} data-identity={s.kind}>{when(s.at)}: {words(s.kind)}
            {s.round !== undefined && ` (round ${s.round})`}
            {s.guardians && `: ${s.guardians.map(short).join(', ')}, ${s.threshold} needed`}
            {s.guardian && ` by ${short(s.guardian)}`}
            {s.approvals !== undefined && `, ${s.approvals} so far`}
            {s.executableAt && `, executable ${when(s.executableAt)} unless cancelled`}
            {s.delaySeconds !== undefined && `: ${s.delaySeconds / 86400} days`}
          </li>
        ))}
      </ol>
    </>
  );
}
