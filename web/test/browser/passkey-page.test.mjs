// A passkey patient on the page, with no wallet injected, in Chromium against the real stack: Chromium's virtual
// authenticator (DevTools WebAuthn domain: CTAP2, internal, resident keys, user verification, PRF) stands in for the
// device. The patient creates a passkey and signs in, publishes the key its PRF derives, uploads a FHIR record and
// grants a clinician picked from the directory; the clinician (a wallet, another context) reads it, and the read's
// receipt is verified against the chain through the network's public chain node. Then a new
// device: the same passkey, the app's storage cleared (see docs/WEB.md for why not another authenticator), signs
// in with no username, finds its account, derives the same key and opens the earlier record. Screens are saved and
// checked by axe-core.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accredit, launch, screen, signInWithNewKey, withWallet, BASE_URL } from './harness.mjs';

const FHIR = JSON.stringify({
  resourceType: 'Observation', status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '2339-0' }], text: 'Glucose' },
  subject: { reference: 'Patient/example' }, effectiveDateTime: '2026-11-02T08:15:00+01:00',
  valueQuantity: { value: 5.4, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
});
const AUTHENTICATOR = { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
  isUserVerified: true, hasPrf: true, automaticPresenceSimulation: true };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A page with no wallet and a virtual passkey authenticator of its own. */
async function passkeyPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[passkey page] ${error.message}`));
  const devtools = await context.newCDPSession(page);
  await devtools.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await devtools.send('WebAuthn.addVirtualAuthenticator', { options: AUTHENTICATOR });
  return { context, page, devtools, authenticatorId };
}

/** Waits for the signed-in screens, or fails with the alert the page shows instead. */
async function screensOrAlert(page) {
  const screens = page.getByRole('navigation', { name: 'Screens' });
  const alert = page.getByRole('alert');
  await screens.or(alert).first().waitFor({ timeout: 180_000 });
  return (await screens.isVisible()) ? null : alert.first().innerText();
}

test('a passkey patient without a wallet: sign-up, key, record, grant; then a new device opens the record',
  { timeout: 600_000 }, async () => {
    const patient = await passkeyPage();
    const clinician = await withWallet(browser);
    const network = await (await fetch(`${BASE_URL}/api/v1/network`)).json();
    assert.ok(network.publicChainRpcUrl, 'the stack names a public chain RPC (scripts/run.sh sets it)');
    const page = patient.page;

    await page.goto(`${BASE_URL}/app/`);
    assert.equal(await page.evaluate(() => 'ethereum' in window), false, 'no wallet in this browser');
    await screen(page, 'passkey-01-welcome', assert);
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await page.getByRole('button', { name: 'Publish my key' }).waitFor({ timeout: 120_000 });
    await screen(page, 'passkey-02-key', assert);
    const { credentials: [credential] } = await patient.devtools.send('WebAuthn.getCredentials',
      { authenticatorId: patient.authenticatorId });
    assert.equal(credential.isResidentCredential, true, 'a discoverable credential');
    const account = await page.locator('header span[title]').getAttribute('title');
    await page.getByRole('button', { name: 'Publish my key' }).click();
    await page.getByRole('navigation', { name: 'Screens' }).waitFor({ timeout: 120_000 });

    await signInWithNewKey(clinician.page, assert);
    const clinicName = `Passkey Test Clinic ${clinician.wallet.address.slice(2, 8)}`;
    await accredit(clinician.wallet.address, clinicName);

    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'glucose.json',
      mimeType: 'application/fhir+json', buffer: Buffer.from(FHIR) });
    await page.getByRole('button', { name: 'Encrypt and upload' }).click();
    await page.getByText('Record added and anchored on chain.').waitFor({ timeout: 120_000 });
    const record = await page.locator('tr[data-record]', { hasText: 'Observation' }).getAttribute('data-record');
    await screen(page, 'passkey-03-records', assert);

    await page.getByRole('button', { name: 'Sharing' }).click();
    const picker = page.getByRole('combobox', { name: /^Provider/ });
    await picker.fill(clinicName);
    const option = page.locator(`[role="option"][data-address="${clinician.wallet.address}"]`);
    await option.waitFor({ timeout: 60_000 });
    await option.click();
    await page.getByRole('button', { name: 'Sign and grant' }).click();
    await page.getByText('Access granted.').waitFor({ timeout: 120_000 });
    await screen(page, 'passkey-04-granted', assert);

    await clinician.page.getByRole('button', { name: 'Patients\' records' }).click();
    await clinician.page.getByLabel(/Record id/).fill(record);
    await clinician.page.getByRole('button', { name: 'Check my permission and open' }).click();
    const read = clinician.page.getByRole('article', { name: 'FHIR Observation' });
    await read.waitFor({ timeout: 60_000 });
    assert.match(await read.innerText(), /Glucose/);

    // The read's receipt is checked against the root on chain, read through the public chain node.
    await page.getByRole('button', { name: 'Audit' }).click();
    const receipt = page.locator('tr[data-read]').filter({ hasText: 'allowed' }).first();
    await receipt.waitFor({ timeout: 60_000 });
    for (let until = Date.now() + 180_000; !(await receipt.getByText('verified on chain').isVisible());) {
      assert.ok(Date.now() < until, `the receipt was not verified on chain in time: ${await receipt.innerText()}`);
      await page.waitForTimeout(3000);
      await page.getByRole('button', { name: 'Reload' }).click();
      await receipt.getByRole('button', { name: /Check receipt/ }).click().catch(() => {});
      await page.waitForTimeout(500);
    }
    await screen(page, 'passkey-05-audit-verified', assert);

    // The account's identity history: its creation set the time lock of a guardian recovery of its passkey.
    const delaySet = page.locator('li[data-identity="DELAY_CHANGED"]');
    for (let until = Date.now() + 60_000; !(await delaySet.isVisible()); await page.waitForTimeout(1000)) {
      assert.ok(Date.now() < until, 'the identity history does not show the account\'s creation');
      await page.getByRole('button', { name: 'Audit' }).click();
      await page.getByRole('button', { name: 'Recovery' }).click();
      await page.getByRole('list', { name: 'Your account\'s identity history' }).waitFor();
    }
    assert.match(await delaySet.innerText(), /delay changed: 3 days/);
    await screen(page, 'passkey-05b-identity-history', assert);

    // Another authenticator given the credential through DevTools (WebAuthn.addCredential): Chromium's Credential
    // carries the private key but not the PRF's secret, so that authenticator evaluates no PRF for it, and the page
    // says it cannot make the key (rather than signing in to an account whose records it could not open).
    const other = await passkeyPage();
    await other.devtools.send('WebAuthn.addCredential', { authenticatorId: other.authenticatorId,
      credential: { ...credential, signCount: credential.signCount + 1 } });
    await other.page.goto(`${BASE_URL}/app/`);
    await other.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    const imported = await screensOrAlert(other.page);
    assert.match(String(imported), /cannot make an encryption key/, 'an imported credential evaluates no PRF');
    await screen(other.page, 'passkey-07-no-prf', assert);
    await other.context.close();

    // A new device with the same (synced) passkey: nothing of the app's is left in the browser.
    await patient.devtools.send('Storage.clearDataForOrigin', { origin: new URL(BASE_URL).origin,
      storageTypes: 'all' });
    await page.goto('about:blank');
    await page.goto(`${BASE_URL}/app/`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    assert.equal(await screensOrAlert(page), null, 'the same passkey signs in and derives the published key');
    assert.equal(await page.locator('header span[title]').getAttribute('title'), account);
    await page.locator(`tr[data-record="${record}"]`).getByRole('button', { name: /^Open/ }).click();
    const opened = page.getByRole('article', { name: 'FHIR Observation' });
    await opened.waitFor({ timeout: 60_000 });
    assert.match(await opened.innerText(), /5\.4 mmol\/L/);
    await screen(page, 'passkey-06-new-device', assert);
    await patient.context.close();
    await clinician.context.close();
  });

test('without a public chain node the page offers no passkeys and says why; a refused prompt is a sentence',
  { timeout: 120_000 }, async () => {
    const { context, page, devtools, authenticatorId } = await passkeyPage();
    await page.route('**/api/v1/network', async (route) => {
      const { publicChainRpcUrl: _left, ...network } = await (await route.fetch()).json();
      await route.fulfill({ json: network });
    }, { times: 1 });
    await page.goto(`${BASE_URL}/app/`);
    await page.getByRole('note').filter({ hasText: 'Passkeys are off on this service' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /passkey/ }).count(), 0);
    await screen(page, 'passkey-08-off', assert);

    await page.reload();
    await devtools.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await page.getByRole('alert').filter({ hasText: 'The passkey prompt was cancelled or timed out' }).waitFor();
    await context.close();
  });
