// Builds the app into target/classes/static/app (the healthkey-web jar's resources; the backend serves them at
// /app/): esbuild bundles and minifies src/main.tsx, the static files are copied, and the build fails when the
// shipped JavaScript, gzipped, is over the budget (docs/WEB.md).
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** The size budget of the shipped JavaScript, gzipped. */
export const BUDGET_BYTES = 128 * 1024;
const out = 'target/classes/static/app';

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/main.tsx'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  outfile: `${out}/app.js`,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'external',
  // One copy of noble's curve code: eciesjs requires its CommonJS build, so the passkey code's P-256 comes from it.
  alias: {
    '@noble/curves/p256': './node_modules/@noble/curves/p256.js',
    // viem recovers a ShareTransfer's signer (the recovery kit) with its own nested copy of secp256k1: eciesjs's instead.
    '@noble/curves/secp256k1': './node_modules/@noble/curves/secp256k1.js',
    // ECIES is secp256k1 with AES-256-GCM here: eciesjs's other curves and cipher are never selected.
    '@noble/curves/ed25519': './src/unused/curves-not-configured.js',
    '@ecies/ciphers/chacha': './src/unused/curves-not-configured.js',
  },
  metafile: true,
  logLevel: 'warning',
});
cpSync('static', out, { recursive: true });

const gzipped = gzipSync(readFileSync(`${out}/app.js`)).length;
const line = `app.js: ${(gzipped / 1024).toFixed(1)} KiB gzipped, budget ${BUDGET_BYTES / 1024} KiB`;
if (gzipped > BUDGET_BYTES) {
  console.error(`[web] OVER BUDGET: ${line}`);
  process.exit(1);
}
console.log(`[web] ${line}`);
