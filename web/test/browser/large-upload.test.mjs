// A 256 MiB record added from the browser: encrypted segment by segment into a Blob (the browser's blob storage,
// not the page's heap) and sent with XMLHttpRequest, the progress bar moving. The page's JavaScript memory (V8 heap
// and ArrayBuffer backing stores, from the DevTools protocol) stays under a bound that reading the file whole
// breaks: the test shows that too, so the bound cannot pass by accident.
import assert from 'node:assert/strict';
import { closeSync, openSync, rmSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, screen, signInWithNewKey, withWallet } from './harness.mjs';

const FILE_SIZE = 256 * 2 ** 20;
/**
 * Well below the file's size, which a whole-file approach holds at least once (and its ciphertext besides); well above
 * what V8 keeps of the segments' ArrayBuffers until it collects them, which its heuristics, not the app, decide.
 */
const HEAP_BOUND = 160 * 2 ** 20;

let browser;
const file = join(tmpdir(), `healthkey-web-large-${process.pid}.dcm`);
before(async () => {
  browser = await launch();
  const fd = openSync(file, 'w');
  ftruncateSync(fd, FILE_SIZE);  // sparse: the browser reads 256 MiB, the disk holds none
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

test('a 256 MiB upload moves the progress bar and keeps the page heap bounded', { timeout: 900_000 }, async (t) => {
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
      const value = await page.locator('progress').last().getAttribute('data-percent', { timeout: 200 });
      if (value !== null) uploading.add(Number(value));
    } catch { /* the page is busy; next sample */ }
  }, 200);
  await page.getByRole('button', { name: 'Encrypt and upload' }).click();
  await page.getByText('Record added and anchored on chain.').waitFor({ timeout: 840_000 });
  clearInterval(sampler);
  await screen(page, '13-large-upload', assert);

  t.diagnostic(`progress seen: ${[...uploading].sort((a, b) => a - b).join(' ')}; page JS memory peak `
    + `${(peak / 2 ** 20).toFixed(1)} MiB`);
  const between = [...uploading].filter((p) => p > 0 && p < 100);
  assert.ok(between.length >= 3, `the progress bar moved through ${[...uploading].join(', ')}`);
  assert.ok(peak > 0 && peak < HEAP_BOUND, `page JS memory peaked at ${(peak / 2 ** 20).toFixed(1)} MiB`);

  // The control: the same file read whole into the page exceeds the bound.
  const whole = await page.evaluate(async () => {
    const input = document.querySelector('input[type=file]');
    window.__whole = await input.files[0].arrayBuffer();
    return window.__whole.byteLength;
  });
  assert.equal(whole, FILE_SIZE);
  const withWholeFile = await jsMemory(cdp);
  t.diagnostic(`page JS memory with the file read whole: ${(withWholeFile / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(withWholeFile > HEAP_BOUND, 'reading the file whole would break the bound');
});
