// Images in records: a PNG added from the browser is encrypted, uploaded, anchored, and shown decrypted in the
// viewer as an <img> from a Blob URL, with its alt text.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { launch, screen, signInWithNewKey, withWallet } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A `width` × `height` opaque red PNG, made here (no fixture file). */
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);  // 8 bits per channel, RGB
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.of(0),
    Buffer.alloc(width * 3, Buffer.of(200, 30, 30))])));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

test('a PNG record is uploaded and shown decrypted in the viewer', { timeout: 300_000 }, async () => {
  const { page } = await withWallet(browser);
  await signInWithNewKey(page, assert);

  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'rash.png', mimeType: 'image/png',
    buffer: png(40, 30) });
  await assert.doesNotReject(page.getByLabel('Category').locator('option:checked', { hasText: 'PNG image' })
    .waitFor({ state: 'attached', timeout: 10_000 }));
  await page.getByRole('button', { name: 'Encrypt and upload' }).click();
  await page.getByText('Record added and anchored on chain.').waitFor({ timeout: 180_000 });

  await page.locator('tr[data-record]', { hasText: 'PNG image' }).getByRole('button', { name: /^Open/ }).click();
  const image = page.getByRole('img', { name: /^PNG image of record .*, decrypted in this browser$/ });
  await image.waitFor({ timeout: 60_000 });
  const rendered = await image.evaluate((img) => ({ width: img.naturalWidth, height: img.naturalHeight,
    src: img.src }));
  assert.deepEqual([rendered.width, rendered.height], [40, 30], 'the decrypted PNG is rendered');
  assert.match(rendered.src, /^blob:/);
  await screen(page, '16-image-record', assert);
});
