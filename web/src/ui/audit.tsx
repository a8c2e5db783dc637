// The audit: who read which record and when, allowed or denied, each read's receipt checked in this browser against
// the root on chain (read through the user's wallet or the network's public chain node, not this service).
import { useEffect, useState } from 'preact/hooks';
import { type Schemas, api, ok } from '../api/client';
import { type ReceiptCheck, checkReceipt } from '../crypto/receipts';
import { sentenceFor } from '../problems';
import { useAction, useApp, short, when } from './context';
import { ErrorLine } from './parts';

type Read = Schemas['ReadResponse'];

export function AuditScreen() {
  const app = useApp();
  const [reads, setReads] = useState<Read[]>([]);
  const [checks, setChecks] = useState<Record<number, ReceiptCheck | string>>({});
  const { error, run } = useAction();
  const patient = app.wallet.address;
  const reload = () => run(async () => {
    setReads(ok(await api.GET('/api/v1/patients/{patient}/reads', { params: { path: { patient },
      query: { limit: '200' } } })));
  });
  useEffect(() => { void reload(); }, []);
  const verify = async (read: Read) => {
    try {
      const proof = ok(await api.GET('/api/v1/patients/{patient}/reads/{readId}/proof',
        { params: { path: { patient, readId: String(read.id) } } }));
      const check = await checkReceipt(proof, app.network, app.wallet.reader);
      setChecks((all) => ({ ...all, [read.id]: check }));
    } catch (failure) {
      setChecks((all) => ({ ...all, [read.id]: sentenceFor(failure) }));
    }
  };
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Who read my records</h2>
      <button type="button" onClick={() => void reload()}>Reload</button>
      <button type="button" onClick={() => reads.forEach((read) => void verify(read))}>Check every receipt on chain</button>
      <ErrorLine error={error} />
      <table>
        <caption>Reads of your records, newest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Reader</th><th scope="col">Record</th>
          <th scope="col">Outcome</th><th scope="col">Receipt</th></tr></thead>
        <tbody>
          {reads.map((read) => {
            const check = checks[read.id];
            return (
              <tr key={read.id} data-read={read.id}>
                <td>{when(read.at)}</td>
                <td title={read.reader}>{read.reader.toLowerCase() === patient.toLowerCase() ? 'you' : short(read.reader)}</td>
                <td title={read.recordId}>{short(read.recordId)}</td>
                <td>{read.allowed ? 'allowed' : `denied (${read.deniedCode ?? ''})`}{read.count > 1 ? ` ×${read.count}` : ''}</td>
                <td class="receipt">
                  {typeof check === 'string' && check}
                  {typeof check === 'object' && (check.verified
                    ? <span class="verified">verified on chain</span> : <strong>NOT verified: {check.reason}</strong>)}
                  {(typeof check !== 'object' || !check.verified) && (
                    <button type="button" onClick={() => void verify(read)}
                      aria-label={`${checkLabel(check)} (read ${read.id})`}>{checkLabel(check)}</button>)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The check button's text, which its accessible name begins with (the read's id follows for screen readers). */
function checkLabel(check: unknown): string {
  return check === undefined ? 'Check receipt' : 'Check receipt again';
}
