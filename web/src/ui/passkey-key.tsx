// The encryption key of a passkey account: derived from the passkey's PRF output at sign-in, never stored. If the
// chain's directory already holds it, the screens open at once; if not, the user publishes it (one more passkey
// prompt); if the directory holds another key, nothing is published over it.
import type { PrivateKey } from 'eciesjs';
import { useEffect, useState } from 'preact/hooks';
import { publicKeyOf } from '../crypto/keystore';
import { encryptionKeyOf } from '../directory';
import type { PasskeyAccount } from '../passkey';
import { InputError } from '../problems';
import { directoryOf, useAction, useApp } from './context';
import { publishConfirmed } from './key';
import { ErrorLine } from './parts';

export function PasskeyKeyScreen({ account }: { account: PasskeyAccount }) {
  const app = useApp();
  const [key, setKey] = useState<PrivateKey | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void run(async () => {
      const derived = await account.encryptionKey();
      const published = await encryptionKeyOf(directoryOf(app), account.address);
      if (published === publicKeyOf(derived)) {
        app.setKey(derived);
      } else if (published !== null) {
        throw new InputError('This account published another encryption key than this passkey makes. Records '
          + 'shared with it open only with that key: sign in with the passkey that made it.');
      } else {
        setKey(derived);
      }
    });
  }, [account.address]);

  return (
    <section aria-labelledby="passkey-key-title">
      <h2 id="passkey-key-title">Your encryption key</h2>
      {key ? (
        <>
          <p>Your passkey made your encryption key in this browser. Publish its public half so that the people you
            share records with can encrypt for you. There is no passphrase and no backup file: the same passkey makes
            the same key again on any device it is synced to. If you lose the passkey, you lose the key, as you
            lose the account.</p>
          <button type="button" disabled={busy} onClick={() => void run(async () => {
            await publishConfirmed(app, publicKeyOf(key), setStatus);
            app.setKey(key);
          })}>Publish my key</button>
          {status && <p role="status">Key publication: {status}</p>}
        </>
      ) : !error && <p>Making your encryption key from your passkey…</p>}
      <ErrorLine error={error} />
    </section>
  );
}
