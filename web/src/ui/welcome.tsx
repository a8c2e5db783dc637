// The signed-out screen: connect a wallet, or use a passkey (create one, or sign in with one made before, on this
// device or synced from another); then sign in with EIP-4361 (SIWE), signed by the wallet or the passkey.
import { createSiweMessage } from 'viem/siwe';
import { type Schemas, api, ok, setToken } from '../api/client';
import { createPasskeyAccount, findPasskeyAccount } from '../passkey';
import { type Wallet, connectWallet } from '../wallet';
import { useAction } from './context';
import { ErrorLine } from './parts';

type Network = Schemas['NetworkResponse'];

/** Signs in `wallet` on the API's chain (SIWE); for a passkey, that assertion also evaluates its PRF. */
export async function signIn(network: Network, wallet: Wallet): Promise<void> {
  await wallet.ensureChain(network.chainId);
  const { nonce } = ok(await api.POST('/api/v1/auth/nonce'));
  const message = createSiweMessage({ domain: location.host, address: wallet.address, statement: 'Sign in to HealthKey',
    uri: location.origin, version: '1', chainId: network.chainId, nonce, issuedAt: new Date() });
  const session = ok(await api.POST('/api/v1/auth/session', { body: { message,
    signature: await wallet.signMessage(message) } }));
  setToken(session.token);
}

export function Welcome({ network, wallet, onSignedIn, error: loadError }: { network: Network | null;
    wallet: Wallet | null; onSignedIn: (wallet: Wallet) => void; error: string | null }) {
  const { busy, error, run } = useAction();
  const start = (connect: (network: Network) => Promise<Wallet>) => run(async () => {
    const connected = await connect(network!);
    await signIn(network!, connected);
    onSignedIn(connected);
  });
  const passkeys = !!network?.publicChainRpcUrl && (network.accounts.factories.length > 0);
  return (
    <main id="main" aria-labelledby="welcome-title">
      <h1 id="welcome-title">HealthKey</h1>
      <p>Your medical records, encrypted in your browser, shared only with whom you choose.</p>
      <section aria-labelledby="wallet-title">
        <h2 id="wallet-title">Connect a wallet</h2>
        <button type="button" disabled={busy || !network}
          onClick={() => void start(async () => wallet ?? await connectWallet())}>Connect wallet and sign in</button>
      </section>
      <section aria-labelledby="passkey-title">
        <h2 id="passkey-title">Use a passkey</h2>
        <p>No wallet needed: a passkey on this device (or synced to it, as your phone or computer syncs your
          passwords) is your account. It also makes your encryption key, the same on every device where the passkey
          is, so there is no passphrase to choose and no backup file to keep: keep the passkey itself safe.</p>
        {passkeys ? (
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => void start(async (n) =>
              createPasskeyAccount(n))}>Create a passkey</button>
            <button type="button" disabled={busy} onClick={() => void start(async (n) =>
              findPasskeyAccount(n))}>Sign in with a passkey</button>
          </div>
        ) : network && (
          <p role="note">Passkeys are off on this service: it names no public chain node (or no passkey account
            factory), and without a wallet this page could not check on chain whose key it encrypts for nor your
            read receipts. Connect a wallet instead.</p>
        )}
      </section>
      <ErrorLine error={error ?? loadError} />
    </main>
  );
}
