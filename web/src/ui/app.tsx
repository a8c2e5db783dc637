// The app's shell: sign in with a wallet or a passkey (welcome.tsx), then the encryption key, then the screens. An
// expired session shows a "sign in again" bar above the screens, which stay mounted: nothing typed is lost.
import type { PrivateKey } from 'eciesjs';
import { useEffect, useState } from 'preact/hooks';
import { type ChainRequest, type Schemas, api, ok, whenSessionEnds } from '../api/client';
import type { Wallet } from '../wallet';
import { AuditScreen } from './audit';
import { CaredForScreen } from './cared-for';
import { CaregiversScreen } from './caregivers';
import { ClinicianScreen } from './clinician';
import { Context, useAction, short } from './context';
import { EmergencyScreen } from './emergency';
import { EmergencyDoctorScreen } from './emergency-doctor';
import { GuardianRequestsScreen } from './guardians-requests';
import { RecoveryScreen } from './guardians';
import { KeyScreen } from './key';
import { ErrorLine } from './parts';
import { RecordsScreen } from './records';
import { SharingScreen } from './sharing';
import { Welcome, signIn } from './welcome';

const SCREENS = { records: 'My records', sharing: 'Sharing', caregivers: 'Caregivers', audit: 'Audit',
  recovery: 'Recovery', emergency: 'Emergency access', clinician: 'Patients\' records',
  caredFor: 'People I care for', guardian: 'Guardian requests', er: 'Emergency' } as const;
type Screen = keyof typeof SCREENS;
/** The screens in two groups: my own records, and what I do for others (as a clinician, caregiver or keyholder). */
const GROUPS: { label: string; screens: Screen[] }[] = [
  { label: 'My health', screens: ['records', 'sharing', 'caregivers', 'audit', 'recovery', 'emergency'] },
  { label: 'For others', screens: ['clinician', 'caredFor', 'guardian', 'er'] },
];

/** The record a shared link names: #record=<id>. */
const sharedRecord = (): string | null => new URLSearchParams(location.hash.slice(1)).get('record');

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

  const signInAgain = () => run(async () => {
    await signIn(network!, wallet!);
    setExpired(false);
  });

  if (!signedIn || !wallet || !network) {
    return <Welcome network={network} wallet={wallet} error={error} onSignedIn={(connected) => {
      setWallet(connected);
      setSignedIn(true);
      setExpired(false);
    }} />;
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
          <button type="button" disabled={busy} onClick={() => void signInAgain()}>Sign in again</button>
          <ErrorLine error={error} />
        </div>
      )}
      {!key ? <main id="main"><KeyScreen /></main> : (
        <>
          <nav aria-label="Screens">
            {GROUPS.map((group) => (
              <div role="group" aria-label={group.label} key={group.label}>
                <span class="nav-group" aria-hidden="true">{group.label}</span>
                {group.screens.map((name) => (
                  <button type="button" key={name} aria-current={screen === name ? 'page' : undefined}
                    onClick={() => setScreen(name)}>{SCREENS[name]}</button>
                ))}
              </div>
            ))}
          </nav>
          <main id="main">
            <div hidden={screen !== 'records'}><RecordsScreen /></div>
            {screen === 'sharing' && <SharingScreen />}
            {screen === 'audit' && <AuditScreen />}
            {screen === 'recovery' && <RecoveryScreen />}
            {screen === 'guardian' && <GuardianRequestsScreen />}
            {screen === 'emergency' && <EmergencyScreen />}
            <div hidden={screen !== 'clinician'}><ClinicianScreen sharedRecord={sharedRecord()} /></div>
            {screen === 'caregivers' && <CaregiversScreen />}
            <div hidden={screen !== 'caredFor'}><CaredForScreen /></div>
            <div hidden={screen !== 'er'}><EmergencyDoctorScreen /></div>
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
