// The app's shell: connect a wallet and sign in (EIP-4361), then the encryption key, then the screens. An expired
// session shows a "sign in again" bar above the screens, which stay mounted: nothing typed is lost.
import type { PrivateKey } from 'eciesjs';
import { useEffect, useState } from 'preact/hooks';
import { createSiweMessage } from 'viem/siwe';
import { type ChainRequest, type Schemas, api, ok, setToken, whenSessionEnds } from '../api/client';
import { type Wallet, connectWallet, ensureChain, signMessage } from '../wallet';
import { AuditScreen } from './audit';
import { ClinicianScreen } from './clinician';
import { Context, useAction, short } from './context';
import { KeyScreen } from './key';
import { ErrorLine } from './parts';
import { RecordsScreen } from './records';
import { SharingScreen } from './sharing';

const SCREENS = { records: 'My records', sharing: 'Sharing', audit: 'Audit', clinician: 'Patients\' records' } as const;
type Screen = keyof typeof SCREENS;

/** The record a shared link names: #record=<id>. */
const sharedRecord = (): string | null => new URLSearchParams(location.hash.slice(1)).get('record');

async function signIn(network: Schemas['NetworkResponse'], wallet: Wallet): Promise<void> {
  await ensureChain(wallet, network.chainId);
  const { nonce } = ok(await api.POST('/api/v1/auth/nonce'));
  const message = createSiweMessage({ domain: location.host, address: wallet.address, statement: 'Sign in to HealthKey',
    uri: location.origin, version: '1', chainId: network.chainId, nonce, issuedAt: new Date() });
  const session = ok(await api.POST('/api/v1/auth/session', { body: { message,
    signature: await signMessage(wallet, message) } }));
  setToken(session.token);
}

export function App() {
  const [network, setNetwork] = useState<Schemas['NetworkResponse'] | null>(null);
  const [wallet, setWallet] = useState<Wallet | null>(null);
  const [signedIn, setSignedIn] = useState(false);
  const [expired, setExpired] = useState(false);
  const [key, setKey] = useState<PrivateKey | null>(null);
  const [screen, setScreen] = useState<Screen>(sharedRecord() ? 'clinician' : 'records');
  const [requests, setRequests] = useState<ChainRequest[]>([]);
  const { busy, error, run } = useAction();

  useEffect(() => {
    whenSessionEnds(() => setExpired(true));
    void run(async () => setNetwork(ok(await api.GET('/api/v1/network'))));
  }, []);

  const connectAndSignIn = () => run(async () => {
    const connected = wallet ?? await connectWallet();
    setWallet(connected);
    await signIn(network!, connected);
    setSignedIn(true);
    setExpired(false);
  });

  if (!signedIn || !wallet || !network) {
    return (
      <main id="main" aria-labelledby="welcome-title">
        <h1 id="welcome-title">HealthKey</h1>
        <p>Your medical records, encrypted in your browser, shared only with whom you choose.</p>
        <button type="button" disabled={busy || !network} onClick={() => void connectAndSignIn()}>
          Connect wallet and sign in</button>
        <ErrorLine error={error} />
      </main>
    );
  }
  const track = (request: ChainRequest) => setRequests((all) => [request, ...all.filter((r) => r.id !== request.id)]);
  return (
    <Context.Provider value={{ network, wallet, key, setKey, track }}>
      <header>
        <h1>HealthKey</h1>
        <p>Signed in as <span title={wallet.address}>{short(wallet.address)}</span> on chain {network.chainId}</p>
      </header>
      {expired && (
        <div class="expired" role="alert">
          <p>Your session has ended. Sign in again; what you typed stays.</p>
          <button type="button" disabled={busy} onClick={() => void connectAndSignIn()}>Sign in again</button>
          <ErrorLine error={error} />
        </div>
      )}
      {!key ? <main id="main"><KeyScreen /></main> : (
        <>
          <nav aria-label="Screens">
            {(Object.keys(SCREENS) as Screen[]).map((name) => (
              <button type="button" key={name} aria-current={screen === name ? 'page' : undefined}
                onClick={() => setScreen(name)}>{SCREENS[name]}</button>
            ))}
          </nav>
          <main id="main">
            <div hidden={screen !== 'records'}><RecordsScreen /></div>
            {screen === 'sharing' && <SharingScreen />}
            {screen === 'audit' && <AuditScreen />}
            <div hidden={screen !== 'clinician'}><ClinicianScreen sharedRecord={sharedRecord()} /></div>
          </main>
        </>
      )}
      {requests.length > 0 && (
        <aside aria-labelledby="activity-title">
          <h2 id="activity-title">On-chain changes</h2>
          <ul aria-live="polite">{requests.map((r) => (
            <li key={r.id} data-request={r.id} data-status={r.status}>{r.kind}: {r.status}
              {r.failureCode ? ` (${r.failureCode})` : ''}</li>
          ))}</ul>
        </aside>
      )}
    </Context.Provider>
  );
}
