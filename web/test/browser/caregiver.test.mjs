// The caregiver screens in Chromium against the real stack: a patient appoints a parent (READ and GRANT_REVOKE,
// Observations only, an end date); the parent (a second context) sees the patient, opens the Observation decrypted
// with its own key (the very bytes uploaded) and not the patient's other record, and grants a clinician READ on
// Observations, re-wrapping the key it holds; the clinician reads the Observation; the parent revokes its grant and
// grants again; the patient sees the caregiver and what it did, and revokes it; the parent is denied, and so is the
// clinician the parent granted (the cascade).
// axe-core checks every new screen and state; screenshots go under target/screenshots.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { accredit, addRecord, launch, screen, signInWithNewKey, withWallet } from './harness.mjs';

const OBSERVATION = JSON.stringify({
  resourceType: 'Observation', status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }], text: 'Body height' },
  subject: { reference: 'Patient/child' }, effectiveDateTime: '2026-11-02T10:00:00+01:00',
  valueQuantity: { value: 112, unit: 'cm', system: 'http://unitsofmeasure.org', code: 'cm' },
});
const CONDITION = JSON.stringify({
  resourceType: 'Condition', code: { text: 'Seasonal allergic rhinitis' }, subject: { reference: 'Patient/child' },
});
/** The problem+json sentence (web/src/problems.ts) for ACCESS-0002, which a read the chain no longer allows gets. */
const NO_ACCESS = 'You have no active access to this record. Ask the patient to grant it.';

const short = (address) => `${address.slice(0, 6)}…${address.slice(-4)}`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Presses `reload` until `locator` is visible: the lists come from the event index, a few blocks behind. */
async function reloadUntilVisible(page, reload, locator, what) {
  for (let until = Date.now() + 90_000; !(await locator.isVisible()); await page.waitForTimeout(1000)) {
    assert.ok(Date.now() < until, `${what} did not appear in time`);
    await page.getByRole('button', { name: reload, exact: true }).click();
  }
}

test('a patient appoints a parent, who reads and grants a clinician; revoking the parent ends both',
    { timeout: 900_000 }, async () => {
  const patient = await withWallet(browser);
  const parent = await withWallet(browser);
  const clinician = await withWallet(browser);
  for (const account of [patient, parent, clinician]) await signInWithNewKey(account.page, assert);
  const clinicName = `Caregiver Test Clinic ${clinician.wallet.address.slice(2, 8)}`;
  await accredit(clinician.wallet.address, clinicName);

  await addRecord(patient.page, 'height.json', 'application/fhir+json', OBSERVATION);
  await addRecord(patient.page, 'rhinitis.json', 'application/fhir+json', CONDITION);
  const observation = await patient.page.locator('tr[data-record]', { hasText: 'Observation' })
    .getAttribute('data-record');
  const condition = await patient.page.locator('tr[data-record]', { hasText: 'Condition' })
    .getAttribute('data-record');

  // The patient appoints the parent: READ and GRANT_REVOKE, on Observations, until a date.
  await patient.page.getByRole('button', { name: 'Caregivers', exact: true }).click();
  const caregivers = patient.page.locator('section[aria-labelledby="caregivers-title"]');
  await caregivers.getByLabel('Caregiver\'s address').fill(parent.wallet.address);
  assert.equal(await caregivers.getByLabel('Read records').isChecked(), true);
  await caregivers.getByLabel('Grant and revoke access').check();
  await caregivers.getByLabel(/^Records/).selectOption({ label: 'Observation' });
  const until = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
  await caregivers.getByLabel('Until').fill(until);
  await screen(patient.page, 'patient-caregivers', assert);
  await caregivers.getByRole('button', { name: 'Sign and appoint' }).click();
  await caregivers.getByText('Caregiver appointed.').waitFor({ timeout: 120_000 });
  const appointed = caregivers.locator(`li[data-caregiver="${parent.wallet.address}"]`);
  await reloadUntilVisible(patient.page, 'Reload caregivers', appointed, 'the appointed parent');
  assert.match(await appointed.innerText(), /may read records, grant and revoke access for Observation until .*; appointed by you; live/);
  await patient.page.locator('aside li[data-status="CONFIRMED"]', { hasText: 'CAREGIVER_APPOINTMENT' }).waitFor();
  await screen(patient.page, 'patient-caregivers-appointed', assert);

  // The parent sees the patient, its powers and scope; lists what it may read (the Observation, not the Condition)
  // and opens it, decrypted with its own key: the bytes uploaded.
  await parent.page.getByRole('button', { name: 'People I care for' }).click();
  const cared = parent.page.locator(`li[data-cared="${patient.wallet.address}"]`);
  await reloadUntilVisible(parent.page, 'Reload people', cared, 'the patient in the parent\'s list');
  assert.match(await cared.innerText(), /I may read records, grant and revoke access for Observation until .*; live/);
  await cared.getByRole('button', { name: /^Show records/ }).click();
  const readable = parent.page.locator(`tr[data-readable="${observation}"]`);
  await readable.waitFor({ timeout: 60_000 });
  assert.equal(await parent.page.locator('tr[data-readable]').count(), 1, 'the Observation only');
  assert.equal(await parent.page.locator(`tr[data-readable="${condition}"]`).count(), 0);
  await readable.getByRole('button', { name: /^Open/ }).click();
  const fhir = parent.page.getByRole('article', { name: 'FHIR Observation' });
  await fhir.waitFor({ timeout: 60_000 });
  assert.match(await fhir.innerText(), /Body height/);
  const download = parent.page.waitForEvent('download', { timeout: 30_000 });
  await parent.page.getByRole('link', { name: 'Download' }).click();
  assert.equal(await readFile(await (await download).path(), 'utf8'), OBSERVATION, 'the same bytes');
  await screen(parent.page, 'caregiver-people', assert);

  // The parent grants the clinician READ on Observations, within its appointment.
  await cared.getByRole('button', { name: /^Grant access/ }).click();
  const grantForm = parent.page.locator('form', { hasText: 'Grant access for patient' });
  await grantForm.getByRole('combobox', { name: /^Provider/ }).fill(clinician.wallet.address);
  assert.deepEqual(await grantForm.getByLabel('Records').locator('option').allInnerTexts(), ['Observation']);
  await screen(parent.page, 'caregiver-grant', assert);
  await grantForm.getByRole('button', { name: 'Sign and grant' }).click();
  await parent.page.getByText('Access granted.').waitFor({ timeout: 120_000 });
  await parent.page.locator(`li[data-grantee="${clinician.wallet.address}"]`).getByRole('button',
    { name: /^Revoke/ }).waitFor();
  await screen(parent.page, 'caregiver-granted', assert);

  // The clinician finds the patient, lists what the parent's grant lets it read, and reads the Observation.
  await clinician.page.getByRole('button', { name: 'Patients\' records' }).click();
  const grantor = clinician.page.locator(`li[data-patient="${patient.wallet.address}"]`);
  await reloadUntilVisible(clinician.page, 'Reload patients', grantor, 'the patient in the clinician\'s list');
  await grantor.getByRole('button', { name: /^Show records/ }).click();
  const clinicianReadable = clinician.page.locator(`tr[data-readable="${observation}"]`);
  await clinicianReadable.waitFor({ timeout: 60_000 });
  assert.equal(await clinician.page.locator('tr[data-readable]').count(), 1, 'the Observation only');
  await clinicianReadable.getByRole('button', { name: /^Open/ }).click();
  const clinicianFhir = clinician.page.getByRole('article', { name: 'FHIR Observation' });
  await clinicianFhir.waitFor({ timeout: 60_000 });
  assert.match(await clinicianFhir.innerText(), /Body height/);

  // The parent revokes its grant: the clinician is refused; the parent grants again, the key re-wrapped again.
  await parent.page.getByRole('button',
    { name: `Revoke ${short(clinician.wallet.address)}'s READ access to Observation` }).click();
  await parent.page.getByText('Access revoked.').waitFor({ timeout: 120_000 });
  await clinicianReadable.getByRole('button', { name: /^Open/ }).click();
  await clinician.page.getByRole('alert').filter({ hasText: NO_ACCESS }).waitFor({ timeout: 30_000 });
  await grantForm.getByRole('button', { name: 'Sign and grant' }).click();
  await parent.page.getByText('Access granted.').waitFor({ timeout: 120_000 });
  await clinicianReadable.getByRole('button', { name: /^Open/ }).click();
  await clinicianFhir.waitFor({ timeout: 60_000 });
  assert.match(await clinicianFhir.innerText(), /Body height/);

  // The patient sees what the parent did: appointed by the patient; the parent's grant, revocation and grant again.
  const granted = caregivers.locator('li[data-action="GRANTED"]');
  await reloadUntilVisible(patient.page, 'Reload caregivers', granted.nth(1), 'the parent\'s two grants among the actions');
  assert.match(await granted.first().innerText(), new RegExp(`${short(parent.wallet.address)} granted ${short(clinician.wallet.address)} READ on Observation`));
  assert.match(await caregivers.locator('li[data-action="REVOKED"]').innerText(),
    new RegExp(`${short(parent.wallet.address)} revoked ${short(clinician.wallet.address)}'s READ on Observation`));
  assert.match(await caregivers.locator('li[data-action="APPOINTED"]').innerText(),
    new RegExp(`you appointed ${short(parent.wallet.address)} to read records, grant and revoke access for Observation`));
  await screen(patient.page, 'patient-caregiver-actions', assert);

  // The patient revokes the parent; the parent and the clinician it granted are both denied.
  await appointed.getByRole('button', { name: `Revoke caregiver ${short(parent.wallet.address)}` }).click();
  await caregivers.getByText('Caregiver revoked.').waitFor({ timeout: 120_000 });
  await reloadUntilVisible(patient.page, 'Reload caregivers',
    caregivers.locator(`li[data-caregiver="${parent.wallet.address}"][data-status="REVOKED"]`), 'the revoked parent');
  assert.equal(await appointed.getByRole('button', { name: /^Revoke/ }).count(), 0);
  await screen(patient.page, 'patient-caregiver-revoked', assert);

  await readable.getByRole('button', { name: /^Open/ }).click();
  await parent.page.getByRole('alert').filter({ hasText: NO_ACCESS }).waitFor({ timeout: 30_000 });
  await screen(parent.page, 'caregiver-denied', assert);
  await reloadUntilVisible(parent.page, 'Reload people',
    parent.page.locator(`li[data-cared="${patient.wallet.address}"][data-status="REVOKED"]`), 'the revoked appointment');
  assert.equal(await cared.getByRole('button').count(), 0, 'no action is offered for a revoked appointment');

  await clinicianReadable.getByRole('button', { name: /^Open/ }).click();
  await clinician.page.getByRole('alert').filter({ hasText: NO_ACCESS }).waitFor({ timeout: 30_000 });
  await screen(clinician.page, 'caregiver-grantee-denied', assert);

  for (const account of [patient, parent, clinician]) await account.context.close();
});
