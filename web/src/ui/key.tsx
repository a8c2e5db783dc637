// The encryption key screen: unlock the key kept in this browser, restore it from a backup, or create one (with a
// backup the user must confirm having saved) and publish it on chain. A passkey account's key is its passkey's
// (passkey-key.tsx).
import type { PrivateKey } from 'eciesjs';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/client';
import { type StoredKey, createKey, loadKey, parseBackup, saveKey, unlockKey } from '../crypto/keystore';
import { encryptionKeyOf } from '../directory';
import { publishKey } from '../records';
import { type AppContext, directoryOf, useAction, useApp } from './context';
import { ErrorLine, downloadBackup } from './parts';
import type { PasskeyAccount } from '../passkey';
import { InputError } from '../problems';
import { PasskeyKeyScreen } from './passkey-key';
import { pendingRecovery, type PendingRecovery } from '../recovery';
import { LostKey } from './guardians-lost-key';

type Stage = { kind: 'loading' } | { kind: 'unlock'; stored: StoredKey } | { kind: 'create' }
  | { kind: 'backup'; stored: StoredKey; key: PrivateKey } | { kind: 'recover'; pending?: PendingRecovery };

export function KeyScreen() {
  const app = useApp();
  const { wallet } = app;
  return wallet.encryptionKey ? <PasskeyKeyScreen account={wallet as PasskeyAccount} /> : <WalletKeyScreen />;
}

function WalletKeyScreen() {
  const app = useApp();
  const [stage, setStage] = useState<Stage>({ kind: 'loading' });
  const [published, setPublished] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void (async () => {
      const stored = await loadKey(app.wallet.address);
      const pending = await pendingRecovery(app.wallet.address);
      setPublished(await encryptionKeyOf(directoryOf(app), app.wallet.address));
      setStage(stored ? { kind: 'unlock', stored } : pending ? { kind: 'recover', pending } : { kind: 'create' });
    })();
  }, [app.wallet.address]);

  if (stage.kind === 'loading') return <p>Looking for your encryption key…</p>;
  if (stage.kind === 'unlock') return <Unlock stored={stage.stored} published={published} />;
  if (stage.kind === 'recover') return <LostKey pending={stage.pending} onCancel={() => setStage({ kind: 'create' })} />;
  if (stage.kind === 'backup') {
    return <Backup stored={stage.stored} onPublished={() => app.setKey(stage.key)} />;
  }
  return (
    <section aria-labelledby="key-title">
      <h2 id="key-title">Your encryption key</h2>
      {published && <p>This account published a key before. If it was made in another browser, restore its backup
        below; a new key cannot open records encrypted for the old one.</p>}
      {published && <button type="button" onClick={() => setStage({ kind: 'recover' })}>I lost this device's key:
        recover it with my guardians</button>}
      <Restore onRestored={(stored) => setStage({ kind: 'unlock', stored })} />
      <form onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const passphrase = String(form.get('passphrase'));
        void run(async () => {
          if (passphrase.length < 12) throw new InputError('This passphrase is too short. Choose one of at least 12 characters.');
          if (passphrase !== String(form.get('repeat'))) throw new InputError('The two passphrases differ. Type the same one twice.');
          const { key, stored } = await createKey(app.wallet.address, passphrase);
          setStage({ kind: 'backup', stored, key });
        });
      }}>
        <h3>Create a new key</h3>
        <p>HealthKey encrypts your records in this browser with a key only you hold. It is kept here encrypted under
          a passphrase; the service never sees it.</p>
        <label>Passphrase (12 characters or more)
          <input name="passphrase" type="password" autocomplete="new-password" required minLength={12} /></label>
        <label>Passphrase again
          <input name="repeat" type="password" autocomplete="new-password" required /></label>
        <button type="submit" disabled={busy}>Create key</button>
        <ErrorLine error={error} />
      </form>
    </section>
  );
}

function Unlock({ stored, published }: { stored: StoredKey; published: string | null }) {
  const app = useApp();
  const [status, setStatus] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  return (
    <section aria-labelledby="unlock-title">
      <h2 id="unlock-title">Unlock your encryption key</h2>
      <form onSubmit={(event) => {
        event.preventDefault();
        const passphrase = String(new FormData(event.currentTarget).get('passphrase'));
        void run(async () => {
          const key = await unlockKey(stored, passphrase);
          // Kept here but never published (or another key published since): publish this one.
          if (published?.toLowerCase() !== stored.publicKey) await publishConfirmed(app, stored.publicKey, setStatus);
          app.setKey(key);
        });
      }}>
        <label>Passphrase <input name="passphrase" type="password" autocomplete="current-password" required /></label>
        <button type="submit" disabled={busy}>Unlock</button>
        {status && <p role="status">Key publication: {status}</p>}
        <ErrorLine error={error} />
      </form>
    </section>
  );
}

function Restore({ onRestored }: { onRestored: (stored: StoredKey) => void }) {
  const app = useApp();
  const { error, run } = useAction();
  return (
    <div>
      <label>Restore a key from its backup file
        <input type="file" accept="application/json,.json" onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) {
            void run(async () => {
              const stored = parseBackup(await file.text(), app.wallet.address);
              await saveKey(stored);
              onRestored(stored);
            });
          }
        }} /></label>
      <ErrorLine error={error} />
    </div>
  );
}

function Backup({ stored, onPublished }: { stored: StoredKey; onPublished: () => void }) {
  const app = useApp();
  const [downloaded, setDownloaded] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const download = () => {
    downloadBackup(stored);
    setDownloaded(true);
  };
  return (
    <section aria-labelledby="backup-title">
      <h2 id="backup-title">Back up your key</h2>
      <p>If this browser's data is lost, the backup file and your passphrase are the only way to open your records.
        Save it somewhere safe (not only on this computer).</p>
      <button type="button" onClick={download}>Download the backup file</button>
      <label class="check">
        <input type="checkbox" checked={confirmed} disabled={!downloaded}
          onChange={(event) => setConfirmed(event.currentTarget.checked)} />
        I saved the backup file and I remember the passphrase
      </label>
      <button type="button" disabled={!confirmed || busy} onClick={() => void run(async () => {
        await saveKey(stored);
        await publishConfirmed(app, stored.publicKey, setStatus);
        onPublished();
      })}>Publish my key</button>
      {status && <p role="status">Key publication: {status}</p>}
      <ErrorLine error={error} />
    </section>
  );
}

/** Publishes `publicKey` and follows it until it is on chain; a FAILED request throws its code. */
export async function publishConfirmed(app: AppContext, publicKey: string, setStatus: (status: string) => void) {
  const done = await publishKey(app.wallet, publicKey, (request) => {
    app.track(request);
    setStatus(request.status);
  });
  if (done.status !== 'CONFIRMED') {
    throw new ApiProblem({ code: done.failureCode ?? 'CHAIN-0002', title: 'Publication failed', status: 0,
      type: 'about:blank' });
  }
}
