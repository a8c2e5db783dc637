// A record decrypted straight to a file (docs/WEB.md, "Large files"), on a 3 MiB record (three segments): a
// ciphertext with one byte flipped on the way, or served under another CID, leaves no file and shows the sentence
// (the first segments were written before the failure: the partial file is deleted); the intact record is
// downloaded (the origin private file system, then a download) and saved where the user picks (the save dialog
// answered by the test with a file of the origin private file system: Playwright cannot drive that dialog), both
// byte for byte the file uploaded. The 1 GiB case is in large-upload.test.mjs.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { decryptedFilesKept, launch, screen, sha256OfFile, signInWithNewKey, withWallet } from './harness.mjs';

const MiB = 2 ** 20;
const SOURCE = randomBytes(3 * MiB + 12_345);
const SOURCE_SHA256 = createHash('sha256').update(SOURCE).digest('hex');
/** A byte of the second sealed segment: the first segment is written to the file before the failure. */
const FLIPPED_AT = 203 + (MiB + 16) + 1000;
/** A CID, not this record's. */
const OTHER_CID = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';

async function waitUntil(condition, timeout, what) {
  for (const until = Date.now() + timeout; !(await condition());) {
    assert.ok(Date.now() < until, what);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a tampered record saves no file and says so; the intact one is downloaded and saved where the user picks',
  { timeout: 300_000 }, async () => {
    const { page, context } = await withWallet(browser);
    await context.addInitScript(() => {
      // The save dialog, answered as a user choosing "picked-by-user.bin".
      window.showSaveFilePicker = async ({ suggestedName }) => {
        window.__suggestedName = suggestedName;
        const root = await navigator.storage.getDirectory();
        return (await root.getDirectoryHandle('picked', { create: true }))
          .getFileHandle('picked-by-user.bin', { create: true });
      };
    });
    await signInWithNewKey(page, assert);
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'scan.dcm', mimeType: 'application/dicom',
      buffer: SOURCE });
    await page.getByRole('button', { name: 'Encrypt and upload' }).click();
    await page.getByText('Record added and anchored on chain.').waitFor({ timeout: 180_000 });
    const viewer = page.getByRole('region', { name: /^Record / });
    /** The record opened afresh (decrypted in the page: the viewer's first read is not tampered with). */
    const openRecord = async () => {
      if (await viewer.count()) await viewer.getByRole('button', { name: 'Close' }).click();
      await page.locator('tr[data-record]', { hasText: 'DICOM image' }).getByRole('button', { name: /^Open/ })
        .click();
      await viewer.getByText('Decrypted in this browser').waitFor({ timeout: 60_000 });
    };
    let downloads = 0;
    page.on('download', () => { downloads++; });
    const content = '**/api/v1/records/*/content';
    const refused = async (button, tamper, sentence, name) => {
      await openRecord();
      await page.route(content, tamper);
      await viewer.getByRole('button', { name: button }).click();
      await viewer.locator('.save-decrypted [role=alert]').filter({ hasText: sentence }).waitFor({ timeout: 60_000 });
      await page.unroute(content);
      await screen(page, name, assert);
      assert.equal(downloads, 0, 'no download');
      assert.deepEqual(await decryptedFilesKept(page), [], 'no file kept, partial or whole');
    };
    const flipOneByte = async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      body[FLIPPED_AT] ^= 0x01;
      await route.fulfill({ response, body });
    };
    const anotherCid = async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'healthkey-cid': OTHER_CID } });
    };
    await refused('Download decrypted', flipOneByte, 'The record did not decrypt', '18-decrypted-download-tampered');
    await refused('Save decrypted file…', flipOneByte, 'The record did not decrypt', '18-decrypted-save-tampered');
    await refused('Download decrypted', anotherCid, 'is not the one the chain anchored',
      '18-decrypted-download-unanchored');

    await openRecord();
    await viewer.getByRole('button', { name: 'Save decrypted file…' }).click();
    await viewer.getByText('Saved as picked-by-user.bin.').waitFor({ timeout: 60_000 });
    const picked = await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const file = await (await (await root.getDirectoryHandle('picked')).getFileHandle('picked-by-user.bin'))
        .getFile();
      const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      return { suggested: window.__suggestedName,
        sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') };
    });
    assert.equal(picked.sha256, SOURCE_SHA256, 'the picked file is the file uploaded');
    assert.match(picked.suggested, /^record-[0-9a-f]{8}\.dcm$/);

    const downloaded = page.waitForEvent('download', { timeout: 60_000 });
    await viewer.getByRole('button', { name: 'Download decrypted' }).click();
    const download = await downloaded;
    assert.match(download.suggestedFilename(), /^record-[0-9a-f]{8}\.dcm$/);
    assert.equal(await sha256OfFile(await download.path()), SOURCE_SHA256, 'the download is the file uploaded');
    await viewer.getByText(/Decrypted and checked: every part is authentic/).waitFor({ timeout: 10_000 });
    await screen(page, '18-decrypted-download', assert);
    assert.deepEqual((await decryptedFilesKept(page)).map((name) => name.split('/')[0]).sort(),
      ['decrypted-records', 'picked'], 'the downloaded copy is kept while the viewer is open');

    await viewer.getByRole('button', { name: 'Close' }).click();
    await waitUntil(async () => (await decryptedFilesKept(page)).join() === 'picked/picked-by-user.bin', 10_000,
      'closing the viewer deletes the downloaded copy; the file the user picked stays');
  });
