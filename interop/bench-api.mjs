// Benchmarks of the HealthKey API against a running stack (scripts/bench-api.sh starts one and runs this).
// Prints Markdown tables on stdout; progress goes to stderr.
//
//  1. Upload of one large file, end to end through the API, against `ipfs add` of the same bytes on the same Kubo:
//     a) client-side encrypted: reserve, then PUT the envelope (encrypted beforehand, to a file) until the 202;
//     b) clinic gateway: POST the plaintext until the 202 (the backend encrypts).
//     Every upload is a fresh file on disk sent by a separate process (curl, or the ipfs CLI), so that neither side
//     pays for Node's HTTP client. The backend's heap is read from its GC log and from `jcmd GC.heap_info`.
//  2. Latency of GET /api/v1/access against the same hasAccess as an eth_call made with ethers.
//
// Usage: node interop/bench-api.mjs --backend URL --chain URL --ipfs-api URL --ipfs-bin PATH --ipfs-path DIR
//          --clinic-wallet-key FILE --clinic-encryption-key FILE --work DIR
//          [--size-mib 256] [--runs 3] [--access-n 2000] [--access-warmup 200]
//          [--paths ipfs-cli,ipfs-rpc,client,gateway] [--warm-up 2]
//          [--backend-pid PID] [--kubo-pid PID] [--gc-log FILE] [--java-opts TEXT] [--skip-upload] [--skip-access]
//          [--storage TEXT]   (names the content store in every upload row, e.g. `single Kubo`, `IPFS Cluster`)
import { spawn } from 'node:child_process';
import { randomBytes, randomFillSync } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Contract, JsonRpcProvider, Wallet, toBeHex, zeroPadValue, id as keccakText } from 'ethers';
import { PrivateKey, decrypt as eciesDecrypt, encrypt as eciesEncrypt } from 'eciesjs';
import { signIn } from './dapp-session.mjs';
import { encryptEnvelopeFile } from './envelope-encrypt.mjs';
import { toEthersArguments } from './typed-data-io.mjs';

const { values: opt } = parseArgs({
  options: {
    backend: { type: 'string' },
    chain: { type: 'string' },
    'ipfs-api': { type: 'string' },
    'ipfs-bin': { type: 'string' },
    'ipfs-path': { type: 'string' },
    'clinic-wallet-key': { type: 'string' },
    'clinic-encryption-key': { type: 'string' },
    work: { type: 'string' },
    'size-mib': { type: 'string', default: '256' },
    runs: { type: 'string', default: '3' },
    'access-n': { type: 'string', default: '2000' },
    'access-warmup': { type: 'string', default: '200' },
    paths: { type: 'string', default: 'ipfs-cli,ipfs-rpc,client,gateway' },
    'warm-up': { type: 'string', default: '2' },
    'backend-pid': { type: 'string' },
    'kubo-pid': { type: 'string' },
    'gc-log': { type: 'string' },
    'java-opts': { type: 'string', default: '' },
    'skip-upload': { type: 'boolean', default: false },
    'skip-access': { type: 'boolean', default: false },
    storage: { type: 'string', default: '' },
  },
});
for (const required of ['backend', 'chain', 'ipfs-api', 'ipfs-bin', 'ipfs-path', 'clinic-wallet-key',
  'clinic-encryption-key', 'work']) {
  if (!opt[required]) {
    console.error(`bench-api.mjs: --${required} is required (see the usage at the top of the file)`);
    process.exit(64);
  }
}
const SIZE_MIB = Number(opt['size-mib']);
const RUNS = Number(opt.runs);
const ACCESS_N = Number(opt['access-n']);
const ACCESS_WARMUP = Number(opt['access-warmup']);
const BACKEND_PID = opt['backend-pid'] ? Number(opt['backend-pid']) : undefined;
const KUBO_PID = opt['kubo-pid'] ? Number(opt['kubo-pid']) : undefined;
const PATHS = new Set(opt.paths.split(','));
const WARM_UP = Number(opt['warm-up']);
const MiB = 1024 * 1024;
const UPLOAD_TIMEOUT_S = 600;

/** Hardhat's public account #0: the deployer, which holds ACCREDITOR_ROLE on a dev deployment. */
const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const PDF = { category: 4096, mediaType: 'application/pdf' };
const OBSERVATION = { category: 2, mediaType: 'application/fhir+json' };
const READ = 1;

const started = process.hrtime.bigint();
const log = (...parts) => console.error(`${new Date().toISOString().slice(11, 19)} [bench-api]`, ...parts);

// ------------------------------------------------------------------------------------------------ helpers

/** Runs a program to its end; resolves { code, stdout, stderr, ms } where ms is spawn to exit. */
function run(command, args, { env } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(command, args, { env: env ? { ...process.env, ...env } : process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
  });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const fixed = (x, digits = 1) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits));

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** A file of `bytes` random bytes (incompressible, and unlike anything already in the IPFS repo). */
function randomFile(path, bytes) {
  const fd = openSync(path, 'w', 0o600);
  const chunk = Buffer.alloc(8 * MiB);
  try {
    for (let left = bytes; left > 0; left -= chunk.length) {
      const n = Math.min(left, chunk.length);
      randomFillSync(chunk, 0, n);
      writeSync(fd, chunk, 0, n);
    }
  } finally {
    closeSync(fd);
  }
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ');
const readKey = (file) => readFileSync(file, 'utf8').trim();
const fromHex = (hex) => Buffer.from(hex.replace(/^0x/, ''), 'hex');
const toHex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
const categoryScope = (code) => zeroPadValue(toBeHex(code), 32);

// ------------------------------------------------------------------------------------------------ the machine

async function machine() {
  const cpuModel = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? cpus()[0]?.model;
  const flags = (readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:\s*(.*)$/m) ?? [])[1]?.split(' ') ?? [];
  const features = ['aes', 'vaes', 'avx2', 'avx512f', 'sha_ni'].filter((f) => flags.includes(f));
  const java = await run('java', ['-version']);
  const kubo = await run(opt['ipfs-bin'], ['version']);
  const curl = await run('curl', ['--version']);
  return [
    ['CPU', `${cpuModel} (${features.join(', ') || 'no AES/SHA flags'})`],
    ['Cores', `${cpus().length} (shared with other work)`],
    ['RAM', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['JDK', java.stderr.split('\n').filter(Boolean).slice(0, 2).join('; ')],
    ['Backend JVM options', `\`${opt['java-opts'].trim() || '(none)'}\``],
    ['Node', process.version],
    ['Kubo', kubo.stdout.trim()],
    ['curl', curl.stdout.split('\n')[0].split(' ').slice(0, 2).join(' ')],
    ['Kernel', readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()],
  ];
}

// ------------------------------------------------------------------------------------------------ participants

/** A participant: wallet (signs), encryption key (opens wrapped record keys), and an API session. */
class Participant {
  constructor(name, wallet, encryptionKey) {
    this.name = name;
    this.wallet = wallet;
    this.encryptionKey = encryptionKey;
    this.signedInAt = 0;
  }

  get address() {
    return this.wallet.address;
  }

  /** A session; signs in again when the current one is more than 10 minutes old (tokens last 15). */
  async session() {
    if (Date.now() - this.signedInAt > 10 * 60 * 1000) {
      const url = new URL(opt.backend);
      const origin = `http://localhost:${url.port}`;
      this.current = await signIn(opt.backend, this.wallet, { domain: `localhost:${url.port}`, uri: origin });
      this.signedInAt = Date.now();
    }
    return this.current;
  }

  async signed(path) {
    const session = await this.session();
    const typedData = await session.json(path);
    return { message: typedData.message, signature: await this.wallet.signTypedData(...toEthersArguments(typedData)) };
  }

  async publishEncryptionKey() {
    const publicKey = this.encryptionKey.publicKey.toHex(true);
    const { message, signature } = await this.signed(`/api/v1/typed-data/key-publication?publicKey=0x${publicKey}`);
    const session = await this.session();
    const accepted = await session.postJson('/api/v1/key-publications', { publication: message, signature });
    await this.awaitMined(accepted.statusUrl);
  }

  async grant(grantee, scope, action) {
    const expiresAt = Math.floor(Date.now() / 1000) + 30 * 24 * 3600;
    const { message, signature } = await this.signed(`/api/v1/typed-data/grant?grantee=${grantee}&scope=${scope}`
      + `&action=${action}&purpose=TREAT&expiresAt=${expiresAt}`);
    const accepted = await (await this.session()).postJson('/api/v1/grants', { grant: message, signature });
    await this.awaitMined(accepted.statusUrl);
  }

  /** Waits until the chain request at statusUrl is CONFIRMED (fails on FAILED, or after 60 s). */
  async awaitMined(statusUrl) {
    const until = Date.now() + 60_000;
    for (;;) {
      const status = await (await this.session()).json(statusUrl);
      if (status.status === 'CONFIRMED') return status;
      if (status.status === 'FAILED') throw new Error(`chain request ${statusUrl}: ${JSON.stringify(status)}`);
      if (Date.now() > until) throw new Error(`chain request ${statusUrl} not confirmed within 60 s`);
      await sleep(100);
    }
  }
}

async function setUp(provider, network) {
  const deployer = new Wallet(DEPLOYER_KEY, provider);
  const clinic = new Participant('clinic', new Wallet(readKey(opt['clinic-wallet-key'])),
    PrivateKey.fromHex(readKey(opt['clinic-encryption-key'])));
  const patient = new Participant('patient', Wallet.createRandom(), new PrivateKey());

  const directory = new Contract(network.contracts.participantDirectory, [
    'function accredit(address provider, string name, bytes32 licenceHash)',
    'function providerStatus(address provider) view returns (uint8)',
  ], deployer);
  if (Number(await directory.providerStatus(clinic.address)) === 0) {
    log(`accrediting the benchmark clinic ${clinic.address} as the deployer`);
    await (await directory.accredit(clinic.address, 'HealthKey benchmark clinic',
      keccakText(`benchmark clinic ${clinic.address}`))).wait();
  }
  log('publishing encryption keys, granting the clinic WRITE and READ on PDF documents and WRITE on Observations');
  await clinic.publishEncryptionKey();
  await patient.publishEncryptionKey();
  await patient.grant(clinic.address, categoryScope(PDF.category), 'WRITE');
  await patient.grant(clinic.address, categoryScope(PDF.category), 'READ');
  await patient.grant(clinic.address, categoryScope(OBSERVATION.category), 'WRITE');
  return { patient, clinic };
}

// ------------------------------------------------------------------------------------------------ uploads

/** Authorization header in a 0600 file, so the token is not on curl's command line. */
function headerFile(participant, session) {
  const file = join(opt.work, `${participant.name}.headers`);
  writeFileSync(file, `Authorization: Bearer ${session.token}\n`, { mode: 0o600 });
  return file;
}

/** Streams `file` to the API with curl; resolves { status, body, ms }. */
async function curlUpload(participant, method, path, contentType, file) {
  const session = await participant.session();
  const out = join(opt.work, 'answer.json');
  rmSync(out, { force: true });
  const answer = await run('curl', ['-sS', '--max-time', String(UPLOAD_TIMEOUT_S), '-o', out, '-w', '%{http_code}',
    '-X', method, '-H', `@${headerFile(participant, session)}`, '-H', `Content-Type: ${contentType}`,
    '-H', 'Expect:', '-T', file, new URL(path, opt.backend).toString()]);
  let body;
  try {
    body = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    body = undefined;
  }
  return { status: Number(answer.stdout.trim()), body, ms: answer.ms, error: answer.stderr.trim() };
}

function ipfsEnv() {
  return { IPFS_PATH: opt['ipfs-path'] };
}

/** `ipfs add` through the CLI, which hands the file to the running daemon. */
async function ipfsAddCli(file) {
  const answer = await run(opt['ipfs-bin'], ['add', '--cid-version=1', '--raw-leaves', '--pin=true', '--quieter',
    '--progress=false', file], { env: ipfsEnv() });
  if (answer.code !== 0) throw new Error(`ipfs add failed: ${answer.stderr}`);
  return { cid: answer.stdout.trim(), ms: answer.ms };
}

/** The same `add` through the RPC API, from curl, with the parameters the CLI sends. */
async function ipfsAddRpc(file) {
  const url = `${opt['ipfs-api']}/api/v0/add?cid-version=1&raw-leaves=true&pin=true&chunker=size-262144`
    + '&hash=sha2-256&quieter=true&progress=false';
  const answer = await run('curl', ['-sS', '--max-time', String(UPLOAD_TIMEOUT_S), '-X', 'POST', '-H', 'Expect:',
    '-F', `file=@${file};type=application/octet-stream`, url]);
  if (answer.code !== 0) throw new Error(`add over RPC failed: ${answer.stderr}`);
  const last = answer.stdout.trim().split('\n').pop();
  return { cid: JSON.parse(last).Hash, ms: answer.ms };
}

/** Unpins `cid` and collects garbage, so the next add of the same bytes writes every block again. */
async function ipfsForget(cid) {
  await run(opt['ipfs-bin'], ['pin', 'rm', cid], { env: ipfsEnv() });
  const gc = await run(opt['ipfs-bin'], ['repo', 'gc', '--quiet'], { env: ipfsEnv() });
  if (gc.code !== 0) throw new Error(`ipfs repo gc failed: ${gc.stderr}`);
}

/** Offset of the end of the GC log now (what is logged after it belongs to what comes next). */
function gcLogOffset() {
  if (!opt['gc-log']) return 0;
  try {
    return statSync(opt['gc-log']).size;
  } catch {
    return 0;
  }
}

/** The GC pauses logged since `offset`: heap before and after each, in MiB, and the pause in ms. */
function gcPausesSince(offset) {
  if (!opt['gc-log']) return [];
  const text = readFileSync(opt['gc-log']).subarray(offset).toString('utf8');
  const pauses = [];
  for (const m of text.matchAll(/GC\(\d+\) (Pause [^\n]*?) (\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms/g)) {
    pauses.push({ kind: m[1], before: Number(m[2]), after: Number(m[3]), committed: Number(m[4]), ms: Number(m[5]) });
  }
  return pauses;
}

/** Heap used and committed now, in MiB, from `jcmd <pid> GC.heap_info`; undefined without a pid. */
async function heapNow() {
  if (!BACKEND_PID) return undefined;
  const answer = await run('jcmd', [String(BACKEND_PID), 'GC.heap_info']);
  const m = answer.stdout.match(/heap\s+total (\d+)K, used (\d+)K/);
  return m ? { committed: Number(m[1]) / 1024, used: Number(m[2]) / 1024 } : undefined;
}

/** Heap used right after a full GC (`jcmd GC.run`): what the backend keeps live, in MiB. */
async function liveHeap() {
  if (!BACKEND_PID) return undefined;
  await run('jcmd', [String(BACKEND_PID), 'GC.run']);
  return heapNow();
}

/** The process's resident set high-water mark (VmHWM), in MiB. */
function residentHighWaterMark() {
  if (!BACKEND_PID) return undefined;
  try {
    const m = readFileSync(`/proc/${BACKEND_PID}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = 100;   // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/** CPU seconds (user + system) the process has used so far; undefined without a pid. */
function cpuSeconds(pid) {
  if (!pid) return undefined;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * Runs an upload and measures around it: CPU time the backend and the Kubo daemon spent, and for API uploads the
 * heap (GC pauses in between, heap used right after, read after the CPU counters).
 */
async function measured(upload, { heap = false } = {}) {
  const offset = gcLogOffset();
  const cpu0 = [cpuSeconds(BACKEND_PID), cpuSeconds(KUBO_PID)];
  const result = await upload();
  const cpu = { backend: cpuSeconds(BACKEND_PID) - cpu0[0], kubo: cpuSeconds(KUBO_PID) - cpu0[1] };
  if (!heap) return { ...result, cpu };
  const after = await heapNow();
  await sleep(50);   // the GC log is written by the JVM; give its last line a moment
  const pauses = gcPausesSince(offset);
  const peak = Math.max(0, after?.used ?? 0, ...pauses.map((p) => p.before));
  return { ...result, cpu, heap: { pauses, peak, after } };
}

async function clientUpload(patient, plaintextFile, envelopeFile) {
  const session = await patient.session();
  const recordKey = randomBytes(32);
  const t0 = process.hrtime.bigint();
  const reservation = await session.postJson('/api/v1/records', {
    patient: patient.address, category: String(PDF.category), mediaType: PDF.mediaType,
    wrappedKeys: { [patient.address]: toHex(eciesEncrypt(patient.encryptionKey.publicKey.toHex(true), recordKey)) },
  });
  const reserveMs = Number(process.hrtime.bigint() - t0) / 1e6;
  await encryptEnvelopeFile(recordKey, fromHex(reservation.recordId), plaintextFile, envelopeFile,
    Buffer.from(patient.encryptionKey.publicKey.toBytes(true)));
  const bytes = statSync(envelopeFile).size;
  const put = await measured(() => curlUpload(patient, 'PUT', reservation.uploadUrl, 'application/octet-stream',
    envelopeFile), { heap: true });
  return { ...put, bytes, reserveMs, recordId: reservation.recordId, recordKey };
}

async function gatewayUpload(clinic, patient, plaintextFile) {
  const bytes = statSync(plaintextFile).size;
  const answer = await measured(() => curlUpload(clinic, 'POST', `/api/v1/gateway/patients/${patient.address}/records`,
    PDF.mediaType, plaintextFile), { heap: true });
  return { ...answer, bytes };
}

function accepted(answer, what) {
  if (answer.status !== 202 || !answer.body?.cid) {
    throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body) ?? ''} ${answer.error ?? ''}`);
  }
  return answer;
}

/** Reads a record back as the patient and checks it decrypts to `plaintextFile` (interop/envelope-decrypt.mjs). */
async function checkReadBack(patient, recordId, plaintextFile) {
  const response = await (await patient.session()).fetch(`/api/v1/records/${recordId}/content`);
  if (!response.ok) throw new Error(`read of ${recordId}: HTTP ${response.status} ${await response.text()}`);
  const key = eciesDecrypt(patient.encryptionKey.secret, fromHex(response.headers.get('HealthKey-Wrapped-Key')));
  const envelope = join(opt.work, 'read-back.envelope');
  const decrypted = join(opt.work, 'read-back.plaintext');
  writeFileSync(envelope, Buffer.from(await response.arrayBuffer()));
  const answer = await run(process.execPath, [new URL('./envelope-decrypt.mjs', import.meta.url).pathname,
    toHex(key), recordId, envelope, decrypted]);
  if (answer.code !== 0) throw new Error(`record ${recordId} does not decrypt: ${answer.stdout}${answer.stderr}`);
  if (!readFileSync(decrypted).equals(readFileSync(plaintextFile))) {
    throw new Error(`record ${recordId} decrypts to other bytes than were uploaded`);
  }
  rmSync(envelope);
  rmSync(decrypted);
}

/**
 * Plaintext FHIR through the gateway, so that the backend validates FHIR during the run: a valid Observation must
 * be accepted (202), one without its required status refused with 422 FHIR-0001 and the validator's issues.
 */
async function fhirCheck(clinic, patient, label) {
  const path = `/api/v1/gateway/patients/${patient.address}/records`;
  const file = join(opt.work, 'observation.json');
  const observation = { resourceType: 'Observation', status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category',
      code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    effectiveDateTime: '2024-03-14T09:30:00+01:00',
    valueQuantity: { value: 72, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' } };
  writeFileSync(file, JSON.stringify(observation));
  const valid = accepted(await curlUpload(clinic, 'POST', path, OBSERVATION.mediaType, file),
    `FHIR Observation, ${label}`);
  await clinic.awaitMined(valid.body.statusUrl);
  const { status: _omitted, ...invalid } = observation;
  writeFileSync(file, JSON.stringify(invalid));
  const refused = await curlUpload(clinic, 'POST', path, OBSERVATION.mediaType, file);
  rmSync(file);
  if (refused.status !== 422 || refused.body?.code !== 'FHIR-0001' || !refused.body?.operationOutcome?.issue?.length) {
    throw new Error(`FHIR Observation without status, ${label}: HTTP ${refused.status} `
      + JSON.stringify(refused.body));
  }
  log(`${label}: FHIR through the gateway: valid Observation 202 in ${fixed(valid.ms, 0)} ms, `
    + `invalid one 422 FHIR-0001 in ${fixed(refused.ms, 0)} ms`);
}

/** Both upload paths once with a small file, read back and decrypted: the measured paths store real records. */
async function sanityCheck(patient, clinic) {
  const plaintext = join(opt.work, 'small.pdf');
  const envelope = join(opt.work, 'small.envelope');
  randomFile(plaintext, 3 * MiB + 12345);
  const client = accepted(await clientUpload(patient, plaintext, envelope), 'client-side upload (small)');
  await patient.awaitMined(client.body.statusUrl);
  await checkReadBack(patient, client.recordId, plaintext);
  const gateway = accepted(await gatewayUpload(clinic, patient, plaintext), 'gateway upload (small)');
  await clinic.awaitMined(gateway.body.statusUrl);
  await checkReadBack(patient, gateway.body.recordId, plaintext);
  rmSync(plaintext);
  rmSync(envelope);
  log('sanity check passed: a client-side and a gateway record read back and decrypt to what was sent');
  await fhirCheck(clinic, patient, 'sanity check');
  return { recordId: gateway.body.recordId };
}

const UPLOAD_PATHS = [
  { key: 'ipfs-cli', name: '`ipfs add` CLI', timed: 'process start to exit, file from disk' },
  { key: 'ipfs-rpc', name: '`add` RPC (curl -F)', timed: 'curl start to exit, file from disk' },
  { key: 'client', name: 'API, client-side encrypted', timed: '`PUT /records/{id}/content` (curl -T) to the 202' },
  { key: 'gateway', name: 'API, clinic gateway', timed: '`POST /gateway/patients/{p}/records` (curl -T) to the 202' },
].filter((path) => PATHS.has(path.key))
  .map((path) => (opt.storage ? { ...path, name: `${path.name} (${opt.storage})` } : path));

/** One upload of `plaintext` along `path`; resolves { bytes, ms, cpu, heap? } once it is done (and anchored). */
async function uploadOnce(path, plaintext, { patient, clinic }, label) {
  const bytes = statSync(plaintext).size;
  switch (path.key) {
    case 'ipfs-cli':
    case 'ipfs-rpc': {
      const add = await measured(() => (path.key === 'ipfs-cli' ? ipfsAddCli(plaintext) : ipfsAddRpc(plaintext)));
      await ipfsForget(add.cid);   // so that the next add of these bytes writes every block again
      return { ...add, bytes };
    }
    case 'client': {
      const envelope = `${plaintext}.envelope`;
      try {
        const client = accepted(await clientUpload(patient, plaintext, envelope), `client-side upload, ${label}`);
        await patient.awaitMined(client.body.statusUrl);
        return client;
      } finally {
        rmSync(envelope, { force: true });
      }
    }
    case 'gateway': {
      const gateway = accepted(await gatewayUpload(clinic, patient, plaintext), `gateway upload, ${label}`);
      await clinic.awaitMined(gateway.body.statusUrl);
      return gateway;
    }
    default:
      throw new Error(`unknown upload path ${path.key}`);
  }
}

/**
 * Warm-up rounds (the backend's JIT compiles the upload paths during the first ones), then RUNS measured rounds.
 * Each round writes a fresh random file and sends it along every path in turn; between two adds of the same bytes
 * Kubo forgets them (unpin, repo gc), and the API paths store fresh ciphertext anyway.
 */
async function uploadBenchmark(participants) {
  const live = { before: await liveHeap() };
  const results = Object.fromEntries(UPLOAD_PATHS.map((path) => [path.key, { warmUp: [], runs: [] }]));
  const failures = [];
  const rounds = [...Array.from({ length: WARM_UP }, (_, i) => ({ label: `warm-up ${i + 1}`, warmUp: true })),
    ...Array.from({ length: RUNS }, (_, i) => ({ label: `run ${i + 1}`, warmUp: false }))];
  for (const round of rounds) {
    const plaintext = join(opt.work, 'upload.pdf');
    log(`${round.label}: writing ${SIZE_MIB} MiB of random bytes to ${plaintext} (load ${loadAverage()})`);
    randomFile(plaintext, SIZE_MIB * MiB);
    for (const path of UPLOAD_PATHS) {
      try {
        const r = await uploadOnce(path, plaintext, participants, round.label);
        results[path.key][round.warmUp ? 'warmUp' : 'runs'].push(r);
        log(`${round.label}: ${path.name}: ${fixed(rate(r))} MiB/s, CPU s backend ${fixed(r.cpu.backend, 2)} `
          + `Kubo ${fixed(r.cpu.kubo, 2)}${r.heap ? `, heap peak ${fixed(r.heap.peak, 0)} MiB, `
          + `${r.heap.pauses.length} GC pauses` : ''}`);
      } catch (e) {
        failures.push(`${round.label}, ${path.name}: ${e.message}`);
        log(`${round.label}: ${path.name} FAILED: ${e.message}`);
      }
    }
    rmSync(plaintext, { force: true });
    try {
      await fhirCheck(participants.clinic, participants.patient, round.label);
    } catch (e) {
      failures.push(`${round.label}, FHIR: ${e.message}`);
      log(`${round.label}: FHIR check FAILED: ${e.message}`);
    }
  }
  live.after = await liveHeap();
  return { results, failures, live };
}

const rate = (r) => r.bytes / MiB / (r.ms / 1000);

function uploadTables({ results, failures, live }) {
  const medianRate = (key) => (results[key]?.runs.length ? median(results[key].runs.map(rate)) : undefined);
  const cli = medianRate('ipfs-cli');
  const rpc = medianRate('ipfs-rpc');
  const ratio = (x, base) => (x === undefined || base === undefined ? 'n/a' : fixed(x / base, 2));
  const medianOf = (list, f) => (list.length && list.every((r) => !Number.isNaN(f(r))) ? median(list.map(f)) : undefined);
  const rows = UPLOAD_PATHS.map((path) => {
    const { warmUp, runs } = results[path.key];
    const m = medianRate(path.key);
    return [path.name, path.timed, warmUp.length ? warmUp.map((r) => fixed(rate(r))).join(', ') : 'n/a',
      ...Array.from({ length: RUNS }, (_, i) => (runs[i] ? fixed(rate(runs[i])) : 'failed')),
      `**${fixed(m)}**`, ratio(m, cli), ratio(m, rpc),
      fixed(medianOf(runs, (r) => r.cpu.backend), 2), fixed(medianOf(runs, (r) => r.cpu.kubo), 2)];
  });
  const out = [table(['upload path', 'what is timed', 'warm-up MiB/s (not in the median)',
    ...Array.from({ length: RUNS }, (_, i) => `run ${i + 1} MiB/s`), 'median MiB/s', 'ratio to `ipfs add` CLI',
    'ratio to `add` RPC', 'backend CPU s (median)', 'Kubo CPU s (median)'], rows)];
  const client = results.client?.runs ?? [];
  if (client.length) {
    out.push('', `Reserving the id (\`POST /api/v1/records\`, not in the rate above): median `
      + `${fixed(median(client.map((r) => r.reserveMs)), 1)} ms.`);
  }
  const heapRows = UPLOAD_PATHS.filter((path) => results[path.key].runs.some((r) => r.heap)).map((path) => {
    const list = [...results[path.key].warmUp, ...results[path.key].runs].map((r) => r.heap);
    const pauses = list.flatMap((h) => h.pauses);
    return [path.name, String(list.length), fixed(median(list.map((h) => h.pauses.length)), 0),
      fixed(pauses.reduce((sum, p) => sum + p.ms, 0) / list.length, 0),
      `**${fixed(Math.max(...list.map((h) => h.peak)), 0)}**`,
      fixed(Math.max(...list.map((h) => h.after?.used ?? 0)), 0),
      pauses.some((p) => p.kind.startsWith('Pause Full')) ? 'yes' : 'no'];
  });
  if (heapRows.length) {
    out.push('', table(['upload path', 'uploads (warm-up included)', 'GC pauses per upload (median)',
      'GC pause ms per upload (mean)', 'peak heap used MiB', 'heap used after the 202 MiB (max)', 'full GC'],
    heapRows));
  }
  if (live.before || live.after) {
    out.push('', `Heap live in the backend (\`jcmd GC.run\`, then \`GC.heap_info\`) before the uploads: `
      + `${fixed(live.before?.used, 0)} MiB; after them: ${fixed(live.after?.used, 0)} MiB.`);
  }
  const hwm = residentHighWaterMark();
  if (hwm !== undefined) {
    out.push('', `Backend resident set high-water mark over the whole run (heap, metaspace, direct buffers, code): `
      + `${fixed(hwm, 0)} MiB.`);
  }
  if (failures.length) out.push('', '**Failed uploads:**', ...failures.map((f) => `- ${f}`));
  return out.join('\n');
}

// ------------------------------------------------------------------------------------------------ access checks

async function timed(n, fn) {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return Array.from(samples).sort((a, b) => a - b);
}

async function accessBenchmark(patient, clinic, provider, network, recordId) {
  const session = await patient.session();
  const url = new URL(`/api/v1/access?patient=${patient.address}&grantee=${clinic.address}&record=${recordId}`
    + '&action=READ', opt.backend).toString();
  const headers = { Authorization: `Bearer ${session.token}` };
  const viaApi = async () => {
    const response = await fetch(url, { headers });
    const body = await response.json();
    if (!response.ok || body.allowed !== true) throw new Error(`access check: HTTP ${response.status} ${JSON.stringify(body)}`);
  };
  const registry = new Contract(network.contracts.consentRegistry,
    ['function hasAccess(address patient, address grantee, bytes32 record, uint8 action) view returns (bool)'],
    provider);
  const viaEthCall = async () => {
    if ((await registry.hasAccess(patient.address, clinic.address, recordId, READ)) !== true) {
      throw new Error('hasAccess answered false');
    }
  };
  const viaBlockThenCall = async () => {
    const blockTag = await provider.getBlockNumber();
    if ((await registry.hasAccess(patient.address, clinic.address, recordId, READ, { blockTag })) !== true) {
      throw new Error('hasAccess answered false');
    }
  };
  const cases = [
    ['API `GET /api/v1/access` (fetch, keep-alive, bearer session)', viaApi],
    ['ethers `hasAccess` → one `eth_call` at latest', viaEthCall],
    ['ethers `eth_blockNumber`, then `eth_call` at that block (the RPCs the API makes)', viaBlockThenCall],
  ];
  const results = [];
  for (const [name, fn] of cases) {
    log(`access: ${name}: ${ACCESS_WARMUP} warm-up, ${ACCESS_N} measured`);
    await timed(ACCESS_WARMUP, fn);
    results.push([name, await timed(ACCESS_N, fn)]);
  }
  const base = results[1][1];
  const rows = results.map(([name, s]) => [name, String(s.length), fixed(percentile(s, 50), 2),
    fixed(percentile(s, 90), 2), fixed(percentile(s, 99), 2), fixed(s[s.length - 1], 2),
    fixed(s.reduce((a, b) => a + b, 0) / s.length, 2),
    fixed(percentile(s, 50) / percentile(base, 50), 2), fixed(percentile(s, 99) / percentile(base, 99), 2)]);
  return table(['check (sequential, one at a time)', 'N', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms',
    'p50 ratio to eth_call', 'p99 ratio to eth_call'], rows);
}

// ------------------------------------------------------------------------------------------------ main

const network = await (await fetch(new URL('/api/v1/network', opt.backend))).json();
// No batching (it waits up to 10 ms to fill a batch) and no response cache (it answers identical calls made within
// 250 ms from memory): every call goes to the node.
const provider = new JsonRpcProvider(opt.chain, network.chainId,
  { staticNetwork: true, batchMaxCount: 1, batchStallTime: 0, cacheTimeout: -1 });

const sections = ['### Machine', '', table(['', ''], await machine())];
const loadAtStart = loadAverage();
const { patient, clinic } = await setUp(provider, network);
const { recordId } = await sanityCheck(patient, clinic);

if (!opt['skip-upload']) {
  log(`upload benchmark: ${WARM_UP} warm-up and ${RUNS} measured rounds of ${SIZE_MIB} MiB`);
  const results = await uploadBenchmark({ patient, clinic });
  sections.push('', `### Upload of ${SIZE_MIB} MiB: API vs \`ipfs add\` on the same Kubo (${RUNS} runs, median)`, '',
    uploadTables(results));
  if (results.failures.length) process.exitCode = 1;
}
if (!opt['skip-access']) {
  const accessTable = await accessBenchmark(patient, clinic, provider, network, recordId);
  sections.push('', `### Permission check latency (${ACCESS_WARMUP} warm-up, then ${ACCESS_N} sequential requests)`,
    '', accessTable);
}
sections.push('', `Load average (1, 5, 15 min) at the start: ${loadAtStart}; at the end: ${loadAverage()}. `
  + `Driver wall time: ${fixed(Number(process.hrtime.bigint() - started) / 1e9, 0)} s.`);
console.log(sections.join('\n'));
