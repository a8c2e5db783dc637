// The whole journey of issue 16 in Chromium against the real stack: the patient connects, signs in, publishes a key,
// uploads a FHIR file and a PDF, grants a clinician picked from the provider directory by keyboard; the clinician (a
// second browser context) signs in, finds the patient among those who granted it access, lists the records it may
// read and reads one decrypted, and adds one once granted WRITE; the patient sees the read in the audit with a receipt verified
// against the chain, revokes; the clinician is denied. axe-core checks every screen, each of which is saved under target/screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accredit, addRecord, launch, screen, signInWithNewKey, withWallet, BASE_URL } from './harness.mjs';

const FHIR = JSON.stringify({
  resourceType: 'Observation', status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }], text: 'HbA1c' },
  subject: { reference: 'Patient/example' }, effectiveDateTime: '2026-03-14T09:30:00+01:00',
  valueQuantity: { value: 6.1, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
});
/** A one-page PDF, as small as a valid one gets. */
const PDF = `%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj
trailer<</Root 1 0 R>>
%%EOF
`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('patient and clinician journey in the browser', { timeout: 600_000 }, async () => {
  const patient = await withWallet(browser);
  const clinician = await withWallet(browser);

  // A wallet on another chain, and a declined signature, are sentences; signing in again works.
  await patient.page.goto(`${BASE_URL}/app/`);
  await screen(patient.page, '01-sign-in', assert);
  patient.wallet.otherChain = 1;
  await patient.page.getByRole('button', { name: 'Connect wallet and sign in' }).click();
  await patient.page.getByRole('alert').filter({ hasText: 'Your wallet is on another network (chain 1)' }).waitFor();
  patient.wallet.otherChain = null;
  patient.wallet.reject = true;
  await patient.page.getByRole('button', { name: 'Connect wallet and sign in' }).click();
  await patient.page.getByRole('alert').filter({ hasText: 'You declined in your wallet' }).waitFor();
  await screen(patient.page, '02-sign-in-declined', assert);

  await signInWithNewKey(patient.page, assert, '03-patient');
  await screen(patient.page, '04-records-empty', assert);
  await signInWithNewKey(clinician.page, assert);
  // Only accredited providers may hold WRITE, and the directory lists only them: a name of its own in this run.
  const clinicName = `Browser Test Clinic ${clinician.wallet.address.slice(2, 8)}`;
  await accredit(clinician.wallet.address, clinicName);

  await addRecord(patient.page, 'hba1c.json', 'application/fhir+json', FHIR);
  await addRecord(patient.page, 'letter.pdf', 'application/pdf', PDF);
  const observation = await patient.page.locator('tr[data-record]', { hasText: 'Observation' })
    .getAttribute('data-record');
  await screen(patient.page, '05-records', assert);

  const clinicianShort = `${clinician.wallet.address.slice(0, 6)}…${clinician.wallet.address.slice(-4)}`;

  // The patient opens the PDF and the Observation: decrypted here, the CID checked.
  await patient.page.locator('tr[data-record]', { hasText: 'PDF document' }).getByRole('button', { name: /^Open/ })
    .click();
  await patient.page.getByText(/Decrypted in this browser/).waitFor();
  await screen(patient.page, '06-record-pdf', assert);
  await patient.page.getByRole('button', { name: 'Close' }).click();

  // The session ends while the patient fills the grant: signing in again keeps what was typed. (The service's
  // answer to an expired token, 401 AUTH-0012, is played once for the list of records the grant re-wraps keys of.)
  // The grantee is picked from the directory, by name and with the keyboard only.
  await patient.page.getByRole('button', { name: 'Sharing' }).click();
  const picker = patient.page.getByRole('combobox', { name: /^Provider/ });
  await picker.pressSequentially(clinicName.slice(0, 12), { delay: 20 });
  await picker.fill(clinicName);
  const option = patient.page.locator(`[role="option"][data-address="${clinician.wallet.address}"]`);
  await option.waitFor({ timeout: 60_000 });
  await screen(patient.page, '07-sharing-directory', assert);
  for (let i = 0; i < 8 && await picker.getAttribute('aria-activedescendant') !== await option.getAttribute('id'); i++) {
    await picker.press('ArrowDown');
  }
  await picker.press('Enter');
  assert.equal(await picker.inputValue(), clinician.wallet.address);
  await patient.page.getByRole('status').filter({ hasText: `${clinicName}, accredited` }).waitFor();
  await screen(patient.page, '07-sharing', assert);
  await patient.page.route(/\/api\/v1\/patients\/[^/]+\/records/, (route) => route.fulfill({ status: 401,
    contentType: 'application/problem+json', body: JSON.stringify({ type: 'urn:healthkey:problem:AUTH-0012',
      title: 'Bearer token has expired', status: 401, code: 'AUTH-0012' }) }), { times: 1 });
  await patient.page.getByRole('button', { name: 'Sign and grant' }).click();
  await patient.page.getByText('Your session has ended. Sign in again; what you typed stays.').first().waitFor();
  await screen(patient.page, '07b-session-ended', assert);
  await patient.page.getByRole('button', { name: 'Sign in again' }).click();
  await patient.page.getByRole('button', { name: 'Sign in again' }).waitFor({ state: 'detached' });
  assert.equal(await picker.inputValue(), clinician.wallet.address);
  await patient.page.getByRole('button', { name: 'Sign and grant' }).click();
  await patient.page.getByText('Access granted.').waitFor({ timeout: 120_000 });
  await screen(patient.page, '08-granted', assert);

  // The clinician finds the patient among those who granted it access, with the grant's scope and expiry, lists
  // the records it may read, and opens the Observation, decrypted with its own key.
  await clinician.page.getByRole('button', { name: 'Patients\' records' }).click();
  const grantor = clinician.page.locator(`li[data-patient="${patient.wallet.address}"]`);
  for (let until = Date.now() + 60_000; !(await grantor.isVisible()); await clinician.page.waitForTimeout(500)) {
    assert.ok(Date.now() < until, 'the patient is not listed among those who granted access');
    await clinician.page.getByRole('button', { name: 'Reload patients' }).click();
  }
  assert.match(await grantor.innerText(), /may read all records until .* \(TREAT\)/);
  await grantor.getByRole('button', { name: /^Show records/ }).click();
  const listedObservation = clinician.page.locator(`tr[data-readable="${observation}"]`);
  await listedObservation.waitFor();
  assert.equal(await clinician.page.locator('tr[data-readable]').count(), 2, 'the Observation and the PDF');
  await screen(clinician.page, '09a-clinician-patients', assert);
  await listedObservation.getByRole('button', { name: /^Open/ }).click();
  const fhir = clinician.page.getByRole('article', { name: 'FHIR Observation' });
  await fhir.waitFor({ timeout: 60_000 });
  assert.match(await fhir.innerText(), /HbA1c/);
  assert.match(await fhir.innerText(), /6\.1 %/);
  await screen(clinician.page, '09-clinician-reads', assert);

  // The patient lets the clinician add records; the clinician adds an Observation, encrypted for the patient.
  await patient.page.locator('select[name="action"]').selectOption('WRITE');
  await patient.page.getByRole('button', { name: 'Sign and grant' }).click();
  await patient.page.locator('li[data-grantee]', { hasText: 'may add' }).waitFor({ timeout: 120_000 });
  const clinicianScreen = clinician.page.locator('section[aria-labelledby="clinician-title"]');
  await clinicianScreen.getByLabel('Patient\'s address').fill(patient.wallet.address);
  await clinicianScreen.getByLabel('File', { exact: true }).setInputFiles({ name: 'glucose.json',
    mimeType: 'application/fhir+json', buffer: Buffer.from(FHIR.replace('HbA1c', 'Glucose')) });
  await clinicianScreen.getByRole('button', { name: 'Encrypt and upload' }).click();
  await clinicianScreen.getByText('Record added and anchored on chain.').waitFor({ timeout: 120_000 });
  await screen(clinician.page, '09b-clinician-adds', assert);
  await patient.page.getByRole('button', { name: 'My records' }).click();
  await patient.page.getByRole('button', { name: 'Reload' }).click();
  const byClinician = patient.page.locator('tr[data-record]')
    .filter({ has: patient.page.locator('td:nth-child(3)', { hasText: clinicianShort }) });
  await byClinician.waitFor();
  await byClinician.getByRole('button', { name: /^Open/ }).click();
  assert.match(await patient.page.getByRole('article', { name: 'FHIR Observation' }).innerText(), /Glucose/);
  await patient.page.getByRole('button', { name: 'Close' }).click();

  // The patient's audit shows the clinician's read; its receipt is checked against the root on chain.
  await patient.page.getByRole('button', { name: 'Audit' }).click();
  const read = patient.page.locator('tr[data-read]', { hasText: clinicianShort }).filter({ hasText: 'allowed' }).first();
  await read.waitFor();
  const until = Date.now() + 180_000;
  while (!(await read.getByText('verified on chain').isVisible())) {
    if (Date.now() > until) {
      await screen(patient.page, '10-audit-not-verified', assert);
      assert.fail(`the read receipt was not verified on chain in time: ${await read.innerText()}`);
    }
    await patient.page.waitForTimeout(3000);
    await patient.page.getByRole('button', { name: 'Reload' }).click();
    await read.getByRole('button', { name: /Check receipt/ }).click().catch(() => {});
    await patient.page.waitForTimeout(500);
  }
  await screen(patient.page, '10-audit-verified', assert);

  // The patient revokes; the clinician is denied.
  await patient.page.getByRole('button', { name: 'Sharing' }).click();
  await patient.page.getByRole('button', { name: /^Revoke .* READ access/ }).click();
  await patient.page.getByText('Access revoked.').waitFor({ timeout: 120_000 });
  await screen(patient.page, '11-revoked', assert);

  await clinician.page.getByRole('button', { name: 'Reload patients' }).click();
  await grantor.getByText(/may add all records/).waitFor();
  assert.equal(await grantor.getByRole('button', { name: /^Show records/ }).count(), 0,
    'the READ grant is gone from the clinician\'s list; the WRITE grant stays');
  await clinician.page.getByLabel(/Record id/).fill(observation);
  await clinician.page.getByRole('button', { name: 'Check my permission and open' }).click();
  await clinician.page.getByText('You have no active permission to read this record').waitFor();
  await clinician.page.getByRole('alert').filter({ hasText: 'Ask the patient to grant it' }).waitFor();
  await screen(clinician.page, '12-clinician-denied', assert);
});
