// The lost-key path of the encryption key screen: a device key made here (kept under a passphrase, like the key
// itself) asks the guardians of the current kit; their transfers are followed, each verified here, and with k of
// them the key is rebuilt, checked against the one published on chain, kept under the same passphrase, and unlocked.
import type { PrivateKey } from 'eciesjs';
import { useEffect, useState } from 'preact/hooks';
import { type StoredKey, createKey, saveKey, sealKey, unlockKey } from '../crypto/keystore';
import type { Kit } from '../crypto/recovery-kit';
import { InputError } from '../problems';
import { type CheckedTransfer, type PendingRecovery, type RecoveryRequest, collectTransfers, fingerprint,
  forgetPendingRecovery, rebuildKey, recoveryRequest, requestKit, requestRecovery } from '../recovery';
import { directoryOf, short, useAction, useApp, when } from './context';
import { ErrorLine, downloadBackup } from './parts';

const POLL_MS = 3000;

/** A device key unlocked, its passphrase kept until the recovered key is sealed under it. */
interface Device { key: PrivateKey; stored: StoredKey; passphrase: string }

export function LostKey({ pending, onCancel }: { pending: PendingRecovery | undefined; onCancel: () => void }) {
  const app = useApp();
  const [device, setDevice] = useState<Device | null>(null);
  const [request, setRequest] = useState<RecoveryRequest | null>(null);
  const { busy, error, run } = useAction();
  if (device && request) return <Collecting device={device} request={request} />;
  return (
    <section aria-labelledby="lost-title">
      <h2 id="lost-title">Recover your key with your guardians</h2>
      <form onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const passphrase = String(form.get('passphrase'));
        void run(async () => {
          if (pending) {
            const key = await unlockKey(pending.deviceKey, passphrase);
            setRequest(await recoveryRequest(pending.requestId));
            setDevice({ key, stored: pending.deviceKey, passphrase });
            return;
          }
          if (passphrase.length < 12) throw new InputError('This passphrase is too short. Choose one of at least 12 characters.');
          if (passphrase !== String(form.get('repeat'))) throw new InputError('The two passphrases differ. Type the same one twice.');
          const { key, stored } = await createKey(app.wallet.address, passphrase);
          setRequest(await requestRecovery(app.wallet.address, stored));
          setDevice({ key, stored, passphrase });
        });
      }}>
        {pending ? <p>You asked your guardians for your key from this browser. Unlock this device's key to follow
          their answers.</p> : <p>This browser makes a new device key, kept here under a passphrase, and asks the
          guardians of your recovery kit to hand over their shares for it. Then call them: each should compare the
          device key fingerprint this page shows with the one on their screen before they answer.</p>}
        <label>Passphrase{pending ? '' : ' (12 characters or more)'}
          <input name="passphrase" type="password" autocomplete={pending ? 'current-password' : 'new-password'}
            required /></label>
        {!pending && <label>Passphrase again
          <input name="repeat" type="password" autocomplete="new-password" required /></label>}
        <button type="submit" disabled={busy}>{pending ? 'Unlock the device key' : 'Ask my guardians'}</button>
        <button type="button" onClick={onCancel}>Back</button>
        <ErrorLine error={error} />
      </form>
    </section>
  );
}

/** Follows the request's transfers until k are verified, then rebuilds, checks and keeps the key. */
function Collecting({ device, request }: { device: Device; request: RecoveryRequest }) {
  const app = useApp();
  const [transfers, setTransfers] = useState<CheckedTransfer[]>([]);
  const [recovered, setRecovered] = useState<{ key: PrivateKey; stored: StoredKey } | null>(null);
  const { error, run } = useAction();
  useEffect(() => {
    if (recovered) return;
    let stopped = false;
    let theKit: Kit | null = null;
    const poll = async () => {
      await run(async () => {
        theKit ??= await requestKit(request);
        const checked = await collectTransfers(app.network, app.wallet.reader, request, theKit);
        setTransfers(checked);
        const accepted = checked.filter((c) => !c.refused).map((c) => c.transfer);
        if (accepted.length < request.threshold) return;
        const key = await rebuildKey(theKit, accepted, device.key, directoryOf(app), app.wallet.address);
        const stored = await sealKey(app.wallet.address, key, device.passphrase);
        await saveKey(stored);
        await forgetPendingRecovery(app.wallet.address);
        stopped = true;
        setRecovered({ key, stored });
      });
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    let timer = setTimeout(() => void poll(), 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [recovered]);
  const accepted = transfers.filter((c) => !c.refused).length;
  return (
    <section aria-labelledby="collect-title">
      <h2 id="collect-title">Recover your key with your guardians</h2>
      <p>Device key fingerprint: <code class="fingerprint">{fingerprint(request.devicePublicKey)}</code>. Read it to
        each guardian you call: it must match the one on their screen.</p>
      <p>Asked: {request.guardians.map((g) => <span key={g} title={g} class="chip">{short(g)}</span>)};{' '}
        {request.threshold} of them are needed, until {when(request.expiresAt)}.</p>
      <ul aria-label="Shares handed over">
        {transfers.map(({ transfer, refused }) => (
          <li key={transfer.transfer.guardian} data-transfer={transfer.transfer.guardian}>
            <span title={transfer.transfer.guardian}>{short(transfer.transfer.guardian)}</span>:{' '}
            {refused ? `refused here (${refused})` : 'share verified'}</li>
        ))}
      </ul>
      {recovered ? <Recovered key={recovered.stored.publicKey} stored={recovered.stored}
        onOpen={() => app.setKey(recovered.key)} />
        : <p role="status">{accepted} of {request.threshold} shares verified; waiting for your guardians…</p>}
      <ErrorLine error={error} />
    </section>
  );
}

function Recovered({ stored, onOpen }: { stored: StoredKey; onOpen: () => void }) {
  return (
    <div role="status">
      <p>Your key is back: it is the one published for your account, now kept in this browser under your passphrase.
        Download its backup, and make a new recovery kit on the Recovery screen.</p>
      <button type="button" onClick={() => downloadBackup(stored)}>Download the backup file</button>
      <button type="button" onClick={onOpen}>Open my records</button>
    </div>
  );
}
