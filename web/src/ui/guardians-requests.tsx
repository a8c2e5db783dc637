// The guardian's screen: the open recovery requests whose kit names me, each with the device key's fingerprint to
// confirm with the patient first; "Hand over my share" opens my share with my key, re-wraps it for that device key,
// signs the ShareTransfer and posts it.
import { useEffect, useState } from 'preact/hooks';
import { type RecoveryRequest, fingerprint, guardianRequests, handOverShare } from '../recovery';
import { short, useAction, useApp, when } from './context';
import { ErrorLine } from './parts';

export function GuardianRequestsScreen() {
  const [requests, setRequests] = useState<RecoveryRequest[] | null>(null);
  const listing = useAction();
  const reload = () => listing.run(async () => setRequests(await guardianRequests()));
  useEffect(() => { void reload(); }, []);
  return (
    <section aria-labelledby="guardian-title">
      <h2 id="guardian-title">Guardian requests</h2>
      <p>Patients who named you a guardian ask here for their encryption key back, on a new device. Before you hand
        over your share, <strong>confirm with the patient first</strong>, by phone or in person, that they asked and
        that their screen shows the same device key fingerprint: whoever holds that device gets your share.</p>
      <button type="button" onClick={() => void reload()} disabled={listing.busy}>Reload requests</button>
      <ErrorLine error={listing.error} />
      {requests?.length === 0 && <p>No patient is asking you for a share.</p>}
      <ul class="requests">
        {requests?.map((r) => <GuardianRequest key={r.id} request={r} />)}
      </ul>
    </section>
  );
}

function GuardianRequest({ request }: { request: RecoveryRequest }) {
  const app = useApp();
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useAction();
  const patient = short(request.patient);
  return (
    <li data-request={request.id}>
      <p>Patient <span title={request.patient}>{patient}</span> asks for its key back (any {request.threshold} of
        its {request.guardians.length} guardians), until {when(request.expiresAt)}.</p>
      <p>Device key fingerprint: <code class="fingerprint">{fingerprint(request.devicePublicKey)}</code></p>
      {sent ? <p role="status">Your share was handed over, for this device key only.</p> : (
        <button type="button" disabled={busy} aria-label={`Hand over my share to patient ${patient}`}
          onClick={() => void run(async () => {
            await handOverShare(app.wallet, app.network, app.key!, request);
            setSent(true);
          })}>Hand over my share</button>
      )}
      <ErrorLine error={error} />
    </li>
  );
}
