// Guardian recovery of the encryption key in Chromium against the real stack: a patient (a wallet) publishes a key,
// uploads a record and names guardians (wallets that published keys), first 2 of 2, then a new kit of 2 of 3 that
// supersedes it; then loses the key (a new browser context for the same account: nothing in its storage), asks
// (refused while no kit existed), and two guardians compare the device key's fingerprint and hand over their shares;
// the patient's page verifies each, rebuilds the key, and opens the record: the same bytes. The recovery log lists
// every step; a stranger sees no request. axe-core checks every screen, each saved under target/screenshots.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { screen, signInWithNewKey, walletsOfThisFile, BASE_URL } from './harness.mjs';

const FHIR = JSON.stringify({
  resourceType: 'Observation', status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }], text: 'HbA1c' },
  subject: { reference: 'Patient/example' }, effectiveDateTime: '2026-12-01T09:30:00+01:00',
  valueQuantity: { value: 5.9, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
});
const PASSPHRASE = 'a long passphrase for the new device';
const ANCHOR = 120_000;

const wallet = walletsOfThisFile();

const shortOf = (address) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** Adds a guardian by pasting its address into the picker; done when it is listed with its key. */
async function addGuardian(page, address) {
  await page.getByRole('combobox', { name: /^Guardian \(/ }).fill(address);
  await page.getByRole('button', { name: 'Add guardian' }).click();
  await page.locator(`li[data-guardian="${address}"]`).waitFor({ timeout: 30_000 });
}

async function storeKit(page, guardians, k) {
  for (const g of guardians) await addGuardian(page, g.wallet.address);
  await page.getByLabel(/^Guardians needed/).fill(String(k));
  await page.getByRole('button', { name: 'Make and store the kit' }).click();
  const stored = page.getByText(`Kit stored: any ${k} of your ${guardians.length} guardians`);
  await stored.or(page.getByRole('alert')).first().waitFor({ timeout: ANCHOR });
  assert.ok(await stored.isVisible(), `the kit was not stored: ${await page.getByRole('alert').allInnerTexts()}`);
}

/** The guardian's request from `patient`, after reloading the Guardian requests screen until it is listed. */
async function requestSeenBy(guardian, patient) {
  const page = guardian.page;
  await page.getByRole('button', { name: 'Guardian requests' }).click();
  const item = page.locator('li[data-request]', { hasText: shortOf(patient) });
  for (let until = Date.now() + 30_000; !(await item.isVisible()); await page.waitForTimeout(500)) {
    assert.ok(Date.now() < until, 'the request is not listed for the guardian');
    await page.getByRole('button', { name: 'Reload requests' }).click();
  }
  return item;
}

test('guardians give a lost encryption key back', { timeout: 900_000 }, async () => {
  const patient = await wallet();
  const guardians = [await wallet(), await wallet(), await wallet()];
  const stranger = await wallet();
  await signInWithNewKey(patient.page, assert);
  for (const g of [...guardians, stranger]) await signInWithNewKey(g.page, assert);

  await patient.page.getByLabel('File', { exact: true }).setInputFiles({ name: 'hba1c.json',
    mimeType: 'application/fhir+json', buffer: Buffer.from(FHIR) });
  await patient.page.getByRole('button', { name: 'Encrypt and upload' }).click();
  await patient.page.getByText('Record added and anchored on chain.').waitFor({ timeout: ANCHOR });

  // Another device of the same account, before any kit: the request is refused with its sentence.
  const device = await wallet(patient.wallet.privateKey);
  await device.page.goto(`${BASE_URL}/app/`);
  await device.page.getByRole('button', { name: 'Connect wallet and sign in' }).click();
  await device.page.getByRole('button', { name: /I lost this device's key/ }).click();
  await device.page.getByLabel('Passphrase (12 characters or more)').fill(PASSPHRASE);
  await device.page.getByLabel('Passphrase again').fill(PASSPHRASE);
  await screen(device.page, 'guardians-01-lost-key', assert);
  await device.page.getByRole('button', { name: 'Ask my guardians' }).click();
  await device.page.getByRole('alert').filter({ hasText: 'You have no recovery kit, so no guardian can give your key back' })
    .waitFor({ timeout: 30_000 });
  await screen(device.page, 'guardians-02-no-kit', assert);

  // The patient names guardians: 2 of 2, then a new kit, 2 of 3, which supersedes it.
  await patient.page.getByRole('button', { name: 'Recovery' }).click();
  await patient.page.getByText('No recovery kit yet').waitFor();
  await screen(patient.page, 'guardians-03-recovery-empty', assert);
  await storeKit(patient.page, guardians.slice(0, 2), 2);
  await patient.page.locator('p[data-kit]', { hasText: 'any 2 of' }).waitFor();
  await addGuardian(patient.page, stranger.wallet.address);
  await patient.page.getByRole('button', { name: `Remove ${shortOf(stranger.wallet.address)}` }).click();
  await patient.page.getByText('a guardian you leave out keeps its old share').waitFor();
  await screen(patient.page, 'guardians-04-new-kit-form', assert);
  await storeKit(patient.page, guardians, 2);
  const current = patient.page.locator('p[data-kit]');
  for (const g of guardians) await current.getByText(shortOf(g.wallet.address)).waitFor();
  await screen(patient.page, 'guardians-05-kit-stored', assert);
  await patient.page.getByRole('button', { name: 'My records' }).click();
  await patient.page.getByRole('button', { name: 'Reload' }).click();
  const kits = patient.page.locator('tr[data-record]', { hasText: 'Category 4098' });
  await kits.nth(1).waitFor();
  assert.deepEqual(await kits.evaluateAll((rows) => rows.map((r) => r.innerText.includes('(replaced)'))), [false, true],
    'the new kit supersedes the first');

  // The new device asks again; its page shows the device key's fingerprint and the guardians asked.
  await device.page.getByRole('button', { name: 'Ask my guardians' }).click();
  const fingerprint = device.page.locator('code.fingerprint');
  await fingerprint.waitFor({ timeout: 30_000 });
  const printed = await fingerprint.innerText();
  assert.match(printed, /^([0-9A-F]{4} ){4}[0-9A-F]{4}$/);
  for (const g of guardians) await device.page.getByText(shortOf(g.wallet.address)).first().waitFor();
  await device.page.getByText('0 of 2 shares verified').waitFor();
  await screen(device.page, 'guardians-06-waiting', assert);

  // A stranger is asked nothing.
  await stranger.page.getByRole('button', { name: 'Guardian requests' }).click();
  await stranger.page.getByText('No patient is asking you for a share.').waitFor();
  await screen(stranger.page, 'guardians-07-stranger', assert);

  // Guardian 1 sees the same fingerprint and hands over: one share is not enough.
  const first = await requestSeenBy(guardians[0], patient.wallet.address);
  assert.equal(await first.locator('code.fingerprint').innerText(), printed);
  await screen(guardians[0].page, 'guardians-08-request', assert);
  await first.getByRole('button', { name: /^Hand over my share/ }).click();
  await first.getByText('Your share was handed over').waitFor({ timeout: 30_000 });
  await screen(guardians[0].page, 'guardians-09-handed-over', assert);
  await device.page.getByText('1 of 2 shares verified').waitFor({ timeout: 30_000 });
  assert.equal(await device.page.getByText('Your key is back').count(), 0);

  // Guardian 2 hands over: the page rebuilds the key and checks it against the chain.
  const second = await requestSeenBy(guardians[1], patient.wallet.address);
  assert.equal(await second.locator('code.fingerprint').innerText(), printed);
  await second.getByRole('button', { name: /^Hand over my share/ }).click();
  await second.getByText('Your share was handed over').waitFor({ timeout: 30_000 });
  await device.page.getByText('Your key is back').waitFor({ timeout: 30_000 });
  assert.equal(await device.page.locator('li[data-transfer]', { hasText: 'share verified' }).count(), 2);
  await screen(device.page, 'guardians-10-recovered', assert);

  // The record opens on the new device: the same bytes.
  await device.page.getByRole('button', { name: 'Open my records' }).click();
  await device.page.locator('tr[data-record]', { hasText: 'Observation' }).getByRole('button', { name: /^Open/ }).click();
  await device.page.getByText(/Decrypted in this browser/).waitFor({ timeout: 60_000 });
  const download = device.page.waitForEvent('download', { timeout: 30_000 });
  await device.page.getByRole('button', { name: 'Download decrypted' }).click();
  assert.equal(await readFile(await (await download).path(), 'utf8'), FHIR);

  // The key is kept on the new device, under the passphrase.
  await device.page.reload();
  await device.page.getByRole('button', { name: 'Connect wallet and sign in' }).click();
  await device.page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await device.page.getByRole('button', { name: 'Unlock' }).click();
  await device.page.getByRole('navigation', { name: 'Screens' }).waitFor({ timeout: 30_000 });

  // The recovery log: the request, then each guardian's fetch of the kit and transfer, newest first.
  await device.page.getByRole('button', { name: 'Recovery' }).click();
  await device.page.locator('li[data-step]').first().waitFor();
  assert.deepEqual(await device.page.locator('li[data-step]').evaluateAll((rows) => rows.map((r) => r.dataset.step)),
    ['SHARE_TRANSFERRED', 'KIT_FETCHED', 'SHARE_TRANSFERRED', 'KIT_FETCHED', 'REQUESTED']);
  const log = await device.page.getByRole('list', { name: 'Recovery log' }).innerText();
  for (const g of guardians.slice(0, 2)) assert.match(log, new RegExp(shortOf(g.wallet.address)));
  assert.match(log, new RegExp(printed));
  await screen(device.page, 'guardians-11-log', assert);
});
