// The browser tests' harness: Debian's Chromium driven by playwright-core (nothing downloaded), a test wallet
// injected as an EIP-1193 provider (window.ethereum) whose keys stay in Node (viem accounts; reads forwarded to the
// chain node), axe-core on every screen, and a screenshot of every screen under target/screenshots.
//   WEB_URL         the backend's base URL (scripts/attack.sh passes its stack's), e.g. http://localhost:8080
//   WEB_CHAIN_RPC   the chain node's JSON-RPC URL, for the wallet's reads
//   CHROMIUM        the browser (default /usr/bin/chromium)
//   WEB_DEV_BUNDLE=1  serve /app/ from web/target/classes/static/app (npm run build) instead of the backend's jar,
//                   with the backend's headers: to work on the app against a running stack without rebuilding it
//                   (not for the large upload: Playwright then intercepts every request, its body included)
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { createPublicClient, createWalletClient, http, keccak256, parseAbi, stringToHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

export const BASE_URL = process.env.WEB_URL ?? 'http://localhost:8080';
const RPC_URL = process.env.WEB_CHAIN_RPC ?? 'http://127.0.0.1:8545';
const SCREENSHOTS = new URL('../../target/screenshots/', import.meta.url);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

async function rpc(method, params) {
  const response = await fetch(RPC_URL, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const answer = await response.json();
  if (answer.error) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.result;
}

/**
 * A browser context whose page has a wallet for a new dev key (or `privateKey`'s, as another device of the same
 * account would: its browser storage starts empty): signs SIWE messages (personal_sign) and typed data
 * (eth_signTypedData_v4) in Node, forwards the rest to the chain. `wallet.reject = true` declines the next signature
 * as a user would (EIP-1193 error 4001); `wallet.otherChain = n` makes it report chain n and decline to switch.
 */
export async function withWallet(browser, privateKey = generatePrivateKey()) {
  const account = privateKeyToAccount(privateKey);
  const wallet = { account, privateKey, address: account.address, reject: false, otherChain: null, requests: [] };
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.exposeBinding('__testWallet', async (_source, { method, params = [] }) => {
    wallet.requests.push(method);
    try {
      if (wallet.reject && /sign/.test(method)) {
        wallet.reject = false;
        return { error: { code: 4001, message: 'User rejected the request.' } };
      }
      if (wallet.otherChain !== null && method === 'eth_chainId') return { result: `0x${wallet.otherChain.toString(16)}` };
      if (wallet.otherChain !== null && method === 'wallet_switchEthereumChain') {
        return { error: { code: 4001, message: 'User rejected the request.' } };
      }
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts': return { result: [account.address] };
        case 'personal_sign': return { result: await account.signMessage({ message: { raw: params[0] } }) };
        case 'eth_signTypedData_v4': {
          const { domain, types: { EIP712Domain: _derived, ...types }, primaryType, message } = JSON.parse(params[1]);
          return { result: await account.signTypedData({ domain, types, primaryType, message }) };
        }
        default: return { result: await rpc(method, params) };
      }
    } catch (error) {
      return { error: { code: error.code ?? -32603, message: error.message } };
    }
  });
  await context.addInitScript(() => {
    window.ethereum = {
      isTestWallet: true,
      async request({ method, params }) {
        const answer = await window.__testWallet({ method, params });
        if (answer.error) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
        return answer.result;
      },
      on() {},
      removeListener() {},
    };
  });
  if (process.env.WEB_DEV_BUNDLE === '1') await serveDevBundle(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page ${account.address.slice(0, 8)}] ${error.message}`));
  return { context, page, wallet };
}

async function serveDevBundle(context) {
  const served = await fetch(`${BASE_URL}/app/`);
  const headers = { 'Content-Security-Policy': served.headers.get('Content-Security-Policy'), 'Cache-Control': 'no-cache' };
  await context.route(`${BASE_URL}/app/**`, (route) => {
    const name = new URL(route.request().url()).pathname.replace(/^\/app\/?/, '') || 'index.html';
    return route.fulfill({ path: new URL(`../../target/classes/static/app/${name}`, import.meta.url).pathname, headers });
  });
}

/**
 * One browser for a test file: launched before its tests, closed after them with every wallet context it opened.
 * Answers withWallet on that browser (an optional private key plays another device of the same account).
 */
export function walletsOfThisFile() {
  let browser;
  const contexts = [];
  before(async () => { browser = await launch(); });
  after(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
  });
  return async (privateKey) => {
    const opened = await withWallet(browser, privateKey);
    contexts.push(opened.context);
    return opened;
  };
}

/** Hardhat's public account #0: on the dev chain, the deployer, and so the directory's accreditor (scripts/deploy.js). */
const DEV_ACCREDITOR = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

/** Accredits `provider` in the directory, as the dev chain's accreditor: a clinic may then hold WRITE grants. */
export async function accredit(provider, name) {
  const network = await (await fetch(`${BASE_URL}/api/v1/network`)).json();
  const transport = http(RPC_URL);
  const accreditor = createWalletClient({ account: privateKeyToAccount(DEV_ACCREDITOR), transport, chain: null });
  const hash = await accreditor.writeContract({
    address: network.contracts.participantDirectory,
    abi: parseAbi(['function accredit(address provider, string name, bytes32 licenceHash)']),
    functionName: 'accredit',
    args: [provider, name, keccak256(stringToHex(`${name}, a test licence`))],
  });
  const receipt = await createPublicClient({ transport }).waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`accrediting ${provider} reverted`);
}

/** Runs axe-core on the page; answers the serious and critical violations (empty when the screen passes). */
export async function seriousViolations(page) {
  // Through DevTools, not a <script> tag: the app's Content-Security-Policy (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

/** A screenshot under target/screenshots, and axe's verdict on the same screen. */
export async function screen(page, name, assert) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
  assert.deepEqual(await seriousViolations(page), [], `axe on screen ${name}`);
}

/** Signs in and creates, backs up and publishes an encryption key through the app's screens. */
export async function signInWithNewKey(page, assert, label) {
  await page.goto(`${BASE_URL}/app/`);
  await page.getByRole('button', { name: 'Connect wallet and sign in' }).click();
  await page.getByLabel('Passphrase (12 characters or more)').fill('correct horse battery staple');
  await page.getByLabel('Passphrase again').fill('correct horse battery staple');
  if (label) await screen(page, `${label}-key-create`, assert);
  await page.getByRole('button', { name: 'Create key' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the backup file' }).click();
  await download;
  await page.getByLabel('I saved the backup file and I remember the passphrase').check();
  if (label) await screen(page, `${label}-key-backup`, assert);
  await page.getByRole('button', { name: 'Publish my key' }).click();
  await page.getByRole('navigation', { name: 'Screens' }).waitFor({ timeout: 120_000 });
}

/** Adds a record through the patient's form; done when the list, reloaded by the form, shows one more. */
export async function addRecord(page, name, mimeType, body) {
  const before = await page.locator('tr[data-record]').count();
  await page.getByLabel('File', { exact: true }).setInputFiles({ name, mimeType, buffer: Buffer.from(body) });
  await page.getByRole('button', { name: 'Encrypt and upload' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('tr[data-record]').length > n, before,
    { timeout: 120_000 });
  await page.getByText('Record added and anchored on chain.').waitFor();
}

/** The SHA-256 (hex) of a file, streamed: a 1 GiB download is never read whole. */
export async function sha256OfFile(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 2 ** 20 })) hash.update(chunk);
  return hash.digest('hex');
}

/** The files the app keeps in the origin private file system for decrypted downloads (none once it cleaned up). */
export function decryptedFilesKept(page) {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const names = [];
    for await (const [name, handle] of root.entries()) {
      if (handle.kind === 'file') names.push(name);
      else for await (const inner of handle.keys()) names.push(`${name}/${inner}`);
    }
    return names;
  });
}
