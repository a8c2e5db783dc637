// A keyholder's side of emergency access: the patient's address pasted, the requests for that patient not yet settled
// (read from the chain's events, not from the service), and "Approve" for each: the signed approval, then my share of
// the patient's emergency kit re-wrapped for the requester's key on chain, signed and handed over.
import { useState } from 'preact/hooks';
import { getAddress, isAddress } from 'viem';
import { type ChainEmergencyRequest, approve, pendingRequests } from '../emergency';
import { InputError } from '../problems';
import { directoryOf, useAction, useApp, short, when } from './context';
import { ErrorLine } from './parts';

export function KeyholderRequests() {
  const app = useApp();
  const [patient, setPatient] = useState('');
  const [requests, setRequests] = useState<ChainEmergencyRequest[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const finding = useAction();
  const approving = useAction();
  const find = () => finding.run(async () => {
    if (!isAddress(patient)) throw new InputError('Paste the patient\'s address: 0x and 40 hex digits.');
    setRequests(await pendingRequests(app.wallet.reader, app.network, patient));
  });
  return (
    <form onSubmit={(event) => {
      event.preventDefault();
      void find();
    }}>
      <h3 id="keyholder-title">Requests waiting for my approval</h3>
      <p>If a patient named you as an emergency keyholder, their requests appear here.</p>
      <label>Patient's address
        <input value={patient} onInput={(event) => setPatient(event.currentTarget.value.trim())} placeholder="0x…"
          autocomplete="off" required /></label>
      <button type="submit" disabled={finding.busy}>Find requests</button>
      <ErrorLine error={finding.error ?? approving.error} />
      {requests?.length === 0 && <p role="status">No request for this patient is waiting for approval.</p>}
      <ul aria-labelledby="keyholder-title">{requests?.map((r) => (
        <li key={r.requester} data-keyholder-request={r.requester}>
          <span title={r.requester}>{short(r.requester)}</span> asked{' '}
          {when(new Date(r.requestedAt * 1000).toISOString())};
          {' '}{r.openUntil > 0 ? 'window open' : `${r.approvals} approval${r.approvals === 1 ? '' : 's'} so far`}{' '}
          <button type="button" disabled={approving.busy} aria-label={`Approve ${short(r.requester)}'s request`}
            onClick={() => void approving.run(async () => {
              setStatus(null);
              const done = await approve(app.wallet, app.network, directoryOf(app), app.key!, getAddress(patient), r,
                app.track);
              setStatus(!done || done.status === 'CONFIRMED' ? 'Approved; your share was sent to the requester.'
                : `Approval ${done.status}`);
              await find();
            })}>Approve</button>
        </li>
      ))}</ul>
      {status && <p role="status">{status}</p>}
    </form>
  );
}
