// Emergency access (break-glass) in Chromium against the real stack, as EmergencyRoomIT plays it against the API: a
// patient uploads an IPS emergency summary and sets up 2 of 3 keyholders (wallets that published keys); an accredited
// doctor requests with a reason; the patient's review shows it; one approval opens nothing, the second opens the
// window; the doctor rebuilds the emergency key and reads the summary decrypted, byte for byte; the patient's review
// shows the read and closes the window; the doctor is then denied, with the problem's sentence. axe-core on every new
// screen and state, each saved under target/screenshots.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { accredit, addRecord, screen, signInWithNewKey, walletsOfThisFile } from './harness.mjs';

const SUMMARY = new URL('../../../backend/src/test/resources/fhir/ips-emergency-summary.json', import.meta.url);
const REASON = 'unconscious after a road accident, no relatives reachable';
const WAIT = { timeout: 120_000 };
/** The service's sentence for EMERGENCY-0022 (web/src/problems.ts). */
const NO_WINDOW = 'You have no open emergency window for this record.';

const wallet = walletsOfThisFile();

/** The IPS summary with its Patient named as this patient (a did:pkh of the account on the API's chain). */
function summaryOf(address) {
  const bundle = JSON.parse(readFileSync(SUMMARY, 'utf8'));
  const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient').resource;
  patient.identifier = [{ system: 'urn:ietf:rfc:3986', value: `did:pkh:eip155:31337:${address}` }];
  return Buffer.from(JSON.stringify(bundle, null, 2));
}

async function signedIn(label) {
  const user = await wallet();
  await signInWithNewKey(user.page, assert, label);
  return user;
}

const go = (page, name) => page.getByRole('navigation', { name: 'Screens' })
  .getByRole('button', { name, exact: true }).click();
const patientField = (page) => page.getByRole('textbox', { name: 'Patient\'s address' });

/** The patient's review, reloaded until `text` shows in the entry of `requester`. */
async function reviewShows(page, requester, text) {
  const entry = page.locator(`li[data-emergency-request="${requester}"]`);
  for (let tries = 0; tries < 30; tries++) {
    await page.getByRole('button', { name: 'Reload requests' }).click();
    await page.getByRole('button', { name: 'Reload requests' }).and(page.locator(':enabled')).waitFor(WAIT);
    if (await entry.filter({ hasText: text }).count() > 0) return entry;
    await page.waitForTimeout(1000);
  }
  throw new Error(`the review never showed ${text} for ${requester}`);
}

async function approveAs(keyholder, patient, doctor, label) {
  await go(keyholder.page, 'Emergency access');
  await patientField(keyholder.page).fill(patient);
  await keyholder.page.getByRole('button', { name: 'Find requests' }).click();
  const request = keyholder.page.locator(`li[data-keyholder-request="${doctor}"]`);
  await request.waitFor(WAIT);
  await screen(keyholder.page, `${label}-request`, assert);
  await request.getByRole('button', { name: /^Approve/ }).click();
  await keyholder.page.getByText('Approved; your share was sent to the requester.').waitFor(WAIT);
  await screen(keyholder.page, `${label}-approved`, assert);
}

test('break-glass: 2 of 3 keyholders open the window, the doctor reads the summary until the patient closes it',
  { timeout: 900_000 }, async () => {
    const patient = await signedIn();
    const [k1, k2, k3, doctor] = await Promise.all([signedIn(), signedIn(), signedIn(), signedIn()]);
    await accredit(doctor.wallet.address, `Emergency Test Clinic ${doctor.wallet.address.slice(2, 8)}`);
    const summary = summaryOf(patient.wallet.address);

    // The patient: the summary, then the setup (2 of 3, the summary checked first by default).
    await addRecord(patient.page, 'emergency-summary.json', 'application/fhir+json', summary);
    await go(patient.page, 'Emergency access');
    await patient.page.getByLabel('Keyholders\' addresses', { exact: false })
      .fill([k1, k2, k3].map((k) => k.wallet.address).join('\n'));
    await patient.page.getByRole('checkbox', { name: /^Bundle/ }).waitFor();
    assert.equal(await patient.page.getByRole('checkbox', { name: /^Bundle/ }).isChecked(), true);
    await screen(patient.page, 'emergency-01-setup', assert);
    await patient.page.getByRole('button', { name: 'Sign and set up' }).click();
    await patient.page.getByText('Emergency access is set up.').or(patient.page.getByRole('alert')).waitFor(WAIT);
    assert.deepEqual(await patient.page.getByRole('alert').allTextContents(), [], 'the set-up fails with no problem');
    await screen(patient.page, 'emergency-02-set-up', assert);

    // The doctor requests with a reason; the patient's review shows it, the reason in clear.
    const doctorAddress = doctor.wallet.address;
    await go(doctor.page, 'Emergency');
    await patientField(doctor.page).fill(patient.wallet.address);
    await doctor.page.getByLabel(/^Reason/).fill(REASON);
    await screen(doctor.page, 'emergency-03-request', assert);
    await doctor.page.getByRole('button', { name: 'Sign and request' }).click();
    const status = doctor.page.locator('[data-emergency-status]');
    await status.filter({ hasText: 'Waiting for the keyholders: 0 approvals so far.' }).waitFor(WAIT);
    await screen(doctor.page, 'emergency-04-waiting', assert);
    await reviewShows(patient.page, doctorAddress, REASON);
    await screen(patient.page, 'emergency-05-review-requested', assert);

    // One approval opens nothing: the doctor cannot rebuild the key yet.
    await approveAs(k1, patient.wallet.address, doctorAddress, 'emergency-06-keyholder');
    // Approving again goes on to the share, which the service already holds: said so, nothing sent twice.
    await k1.page.locator(`li[data-keyholder-request="${doctorAddress}"]`).getByRole('button', { name: /^Approve/ })
      .click();
    await k1.page.getByRole('alert').filter({ hasText: 'You have already sent your share to this requester.' })
      .waitFor(WAIT);
    await status.filter({ hasText: '1 approval so far' }).waitFor(WAIT);
    await doctor.page.getByRole('button', { name: 'Rebuild the emergency key' }).click();
    await doctor.page.getByRole('alert').filter({ hasText: NO_WINDOW }).waitFor(WAIT);
    await screen(doctor.page, 'emergency-06-doctor-no-window-yet', assert);

    // The second opens the window: the doctor rebuilds the key and reads the summary, byte for byte.
    await approveAs(k2, patient.wallet.address, doctorAddress, 'emergency-07-keyholder');
    await status.filter({ hasText: 'The window is open until' }).waitFor(WAIT);
    await doctor.page.getByRole('button', { name: 'Rebuild the emergency key' }).click();
    await doctor.page.getByRole('button', { name: /^Open record/ }).click();
    await doctor.page.getByText(/Decrypted in this browser/).waitFor(WAIT);
    const bundle = doctor.page.getByRole('article', { name: 'FHIR Bundle' });
    await bundle.waitFor();
    // What an emergency needs at a glance: each entry's headline (the allergy, the medication, the blood group).
    for (const [type, headline] of [['AllergyIntolerance', /Penicillin/], ['MedicationStatement', /Metformin 500 mg/],
      ['Condition', /Type 2 diabetes/], ['Patient', /Alex Example/]]) {
      assert.match(await bundle.getByRole('article', { name: `FHIR ${type}` }).innerText(), headline, type);
    }
    const download = doctor.page.waitForEvent('download', WAIT);
    await doctor.page.getByRole('button', { name: 'Download decrypted' }).click();
    assert.deepEqual(readFileSync(await (await download).path()), summary, 'the doctor decrypts the upload');
    await screen(doctor.page, 'emergency-08-doctor-reads', assert);

    // The patient sees the read and closes the window; the doctor is denied from then on.
    const entry = await reviewShows(patient.page, doctorAddress, 'Read Bundle');
    await screen(patient.page, 'emergency-09-review-read', assert);
    await entry.getByRole('button', { name: /^Close now/ }).click();
    await reviewShows(patient.page, doctorAddress, 'You closed it');
    await screen(patient.page, 'emergency-10-review-closed', assert);
    await doctor.page.getByRole('button', { name: 'Close', exact: true }).click();
    await doctor.page.getByRole('button', { name: /^Open record/ }).click();
    await doctor.page.getByRole('alert').filter({ hasText: NO_WINDOW }).waitFor(WAIT);
    await status.filter({ hasText: 'ended' }).waitFor(WAIT);
    await screen(doctor.page, 'emergency-11-doctor-denied', assert);
  });
