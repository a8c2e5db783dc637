// A 1 GiB record added from the browser in parts (docs/WEB.md, "Large files"): sealed segment by segment into Blobs
// (the browser's blob storage, not the page's heap) and sent part by part, the progress bar moving. The connection is
// cut for one part (every attempt aborted), so the app's retries give up and it says so; the user resumes and the
// upload completes, the parts the service kept not sent again. The record is then opened: its ciphertext's CID
// checked in the browser, streamed, against the one the upload completed with (a record this large is not decrypted
// into the page: Chromium's blob storage refuses a page 1 GiB of Blobs). The page's JavaScript memory (V8
// heap and ArrayBuffer backing stores, from the DevTools protocol) stays under a bound that reading a quarter of the
// file whole breaks: the test shows that too, so the bound cannot pass by accident.
import assert from 'node:assert/strict';
import { closeSync, openSync, rmSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, screen, signInWithNewKey, withWallet } from './harness.mjs';

/** 1 GiB; WEB_LARGE_UPLOAD_MIB sets another size (a multiple of 8) for a quick run by hand. */
const FILE_SIZE = Number(process.env.WEB_LARGE_UPLOAD_MIB ?? 1024) * 2 ** 20;
const PARTS = FILE_SIZE / (8 * 2 ** 20);
/**
 * Well below the file's size, which a whole-file approach holds at least once (and its ciphertext besides); well above
 * what V8 keeps of the segments' ArrayBuffers until it collects them, which its heuristics, not the app, decide.
 */
const HEAP_BOUND = 160 * 2 ** 20;
/** The part whose every attempt the "network" aborts: the 4th (of 128 parts of 8 MiB for 1 GiB). */
const CUT_PART = 3;

let browser;
const file = join(tmpdir(), `healthkey-web-large-${process.pid}.dcm`);
before(async () => {
  browser = await launch();
  const fd = openSync(file, 'w');
  ftruncateSync(fd, FILE_SIZE);  // sparse: the browser reads 1 GiB, the disk holds none
  closeSync(fd);
});
after(async () => {
  await browser?.close();
  rmSync(file, { force: true });
});

/** The page's JavaScript memory: V8's heap plus ArrayBuffer backing stores, as DevTools counts them. */
async function jsMemory(cdp) {
  const { usedSize, backingStorageSize = 0 } = await cdp.send('Runtime.getHeapUsage');
  return usedSize + backingStorageSize;
}

test('a 1 GiB upload cut midway is resumed, keeps the page heap bounded, and opens with its CID checked',
  { timeout: 1_800_000 }, async (t) => {
    const started = Date.now();
    const { page, context } = await withWallet(browser);
    const cdp = await context.newCDPSession(page);
    await signInWithNewKey(page, assert);

    await page.getByLabel('File', { exact: true }).setInputFiles(file);
    await page.getByLabel('Category').selectOption({ label: 'DICOM image' });
    let peak = 0;
    const uploading = new Set();
    const sampler = setInterval(async () => {
      try {
        peak = Math.max(peak, await jsMemory(cdp));
        const value = await page.getByLabel('Uploading').getAttribute('data-percent', { timeout: 200 });
        if (value !== null) uploading.add(Number(value));
      } catch { /* the page is busy, or the bar not there yet; next sample */ }
    }, 200);
    const cut = `**/content/parts/${CUT_PART}`;
    let aborted = 0;
    await page.route(cut, (route) => { aborted++; return route.abort('connectionreset'); });
    const sentParts = [];
    page.on('request', (request) => {
      const part = /\/content\/parts\/(\d+)$/.exec(request.url());
      if (part && request.method() === 'PUT') sentParts.push(Number(part[1]));
    });

    await page.getByRole('button', { name: 'Encrypt and upload' }).click();
    await page.getByRole('alert').filter({ hasText: `The upload stopped at part ${CUT_PART + 1} of ${PARTS}` })
      .waitFor({ timeout: 600_000 });
    assert.ok(aborted >= 4, `every attempt at part ${CUT_PART} was cut (${aborted})`);
    await screen(page, '13-large-upload-interrupted', assert);

    await page.unroute(cut);
    const completed = page.waitForResponse((response) => response.url().endsWith('/content/complete'),
      { timeout: 1_200_000 });
    await page.getByRole('button', { name: 'Resume upload' }).click();
    const { cid } = await (await completed).json();
    await page.getByText('Record added and anchored on chain.').waitFor({ timeout: 300_000 });
    clearInterval(sampler);
    const uploadSeconds = (Date.now() - started) / 1000;
    await screen(page, '14-large-upload-resumed', assert);

    const resent = sentParts.filter((part) => part < CUT_PART && sentParts.indexOf(part) !== sentParts.lastIndexOf(part));
    assert.deepEqual(resent, [], 'the parts the service kept are not sent again');
    assert.ok(sentParts.includes(PARTS - 1), 'the last part was sent');
    t.diagnostic(`progress seen: ${[...uploading].sort((a, b) => a - b).join(' ')}; page JS memory peak `
      + `${(peak / 2 ** 20).toFixed(1)} MiB; upload with the cut and the resume took ${uploadSeconds.toFixed(0)} s`);
    const between = [...uploading].filter((p) => p > 0 && p < 100);
    assert.ok(between.length >= 3, `the progress bar moved through ${[...uploading].join(', ')}`);
    assert.ok(peak > 0 && peak < HEAP_BOUND, `page JS memory peaked at ${(peak / 2 ** 20).toFixed(1)} MiB`);

    const opening = Date.now();
    await page.locator('tr[data-record]', { hasText: 'DICOM image' }).first().getByRole('button', { name: /^Open/ })
      .click();
    const viewer = page.getByRole('region', { name: /^Record / });
    const outcome = viewer.locator('.verified, [role=alert]');
    await outcome.first().waitFor({ timeout: 900_000 });
    assert.match(await outcome.first().textContent(), new RegExp(`matches CID ${cid}`));
    t.diagnostic(`opening 1 GiB (read, CID checked in the page) took ${((Date.now() - opening) / 1000).toFixed(0)} s`);
    await screen(page, '15-large-record-opened', assert);

    // The control: a quarter of the file read whole into the page exceeds the bound.
    const whole = await page.evaluate(async (size) => {
      const input = document.querySelector('input[type=file]');
      window.__whole = await input.files[0].slice(0, size).arrayBuffer();
      return window.__whole.byteLength;
    }, FILE_SIZE / 4);
    assert.equal(whole, FILE_SIZE / 4);
    const withWholeFile = await jsMemory(cdp);
    t.diagnostic(`page JS memory with a quarter of the file read whole: ${(withWholeFile / 2 ** 20).toFixed(1)} MiB`);
    assert.ok(withWholeFile > HEAP_BOUND, 'reading the file whole would break the bound');
  });
