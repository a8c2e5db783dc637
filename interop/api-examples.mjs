// Runs every call of the API once against a running backend, as a dApp, a doctor and a clinic make them, and prints
// each as a worked example in Markdown: the request as curl, the answer as it came (long values elided). docs/API.md
// ("Worked examples") is this output; run it again to check that the examples still hold. Exits 1 if any call
// answers another status than the one the example shows.
//
//   node interop/api-examples.mjs <baseUrl> [clinicWalletKey clinicEncryptionKeyFile]
//
// The clinic defaults to scripts/run.sh's dev clinic (Hardhat account #2, its gateway key in .healthkey/dev-clinic.key).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet, toBeHex, zeroPadValue } from 'ethers';
import { PrivateKey, encrypt } from 'eciesjs';
import { SiweMessage } from 'siwe';
import { signTypedData } from './dapp-session.mjs';
import { encryptEnvelopeFile } from './envelope-encrypt.mjs';

const [baseUrl, clinicKey = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  clinicKeyFile = '.healthkey/dev-clinic.key'] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: api-examples.mjs <baseUrl> [clinicWalletKey clinicEncryptionKeyFile]');
  process.exit(64);
}
const origin = new URL(baseUrl);
const hex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
const out = [];
let failures = 0;

function elide(value) {
  if (typeof value === 'string') {
    if (value.length > 600) return `${value.slice(0, 40)}…(${value.length} characters)`;
    if (/^0x[0-9a-fA-F]{140,}$/.test(value)) return `${value.slice(0, 18)}…${value.slice(-8)}`;
    if (value.startsWith('hk1.')) return `${value.slice(0, 12)}…`;  // a session token
    return value;
  }
  if (Array.isArray(value)) return value.length > 3 ? [...value.slice(0, 2).map(elide), `…(${value.length} items)`] : value.map(elide);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, elide(v)]));
  return value;
}

function curl(method, path, { token, json, binary, contentType, accept }) {
  const parts = [`curl -sS${method === 'GET' ? '' : ` -X ${method}`} "$API${path}"`];
  if (token) parts.push(`-H "Authorization: Bearer $${token}"`);
  if (accept) parts.push(`-H 'Accept: ${accept}'`);
  if (json !== undefined) parts.push(`-H 'Content-Type: application/json'`, `-d '${JSON.stringify(elide(json))}'`);
  if (binary) parts.push(`-H 'Content-Type: ${contentType}'`, `--data-binary @${binary}`);
  return parts.join(' \\\n  ');
}

/**
 * One call: made with fetch, printed as curl and its answer. `expect` is the status the example documents.
 * Answers the parsed JSON (or the raw response for binary and streams).
 */
async function call(title, method, path, { session, json, body, contentType, accept, expect, note, binary } = {}) {
  const headers = {};
  if (session) headers.Authorization = `Bearer ${session.token}`;
  if (accept) headers.Accept = accept;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  if (body) headers['Content-Type'] = contentType;
  const response = await fetch(new URL(path, baseUrl), {
    method, headers, body: json !== undefined ? JSON.stringify(json) : body,
  });
  const type = response.headers.get('Content-Type') ?? '';
  let shown;
  let result;
  if (type.startsWith('text/event-stream')) {
    shown = (await response.text()).trim().split('\n').map((line) => line.startsWith('data:')
      ? `data:${JSON.stringify(elide(JSON.parse(line.slice(5))))}` : line).join('\n');
  } else if (type.includes('json')) {
    const text = await response.text();
    result = text ? JSON.parse(text) : undefined;
    shown = text ? JSON.stringify(elide(result), null, 2) : '';
  } else {
    result = Buffer.from(await response.arrayBuffer());
    shown = `(${result.length} bytes of ${type})`;
  }
  const headerLines = [...response.headers.entries()]
    .filter(([name]) => /^(content-type|location|healthkey-|www-authenticate|cache-control)/i.test(name))
    .map(([name, value]) => `${name}: ${elide(value)}`);
  const ok = response.status === expect;
  if (!ok) failures++;
  out.push(`#### ${title}${ok ? '' : ` (EXPECTED ${expect})`}`, '');
  if (note) out.push(note, '');
  out.push('```sh', curl(method, path, { token: session?.name, json, binary, contentType, accept }), '```', '');
  out.push('```http', `HTTP/1.1 ${response.status}`, ...headerLines, '', shown, '```', '');
  return { status: response.status, result, response };
}

async function signIn(wallet, name, chainId) {
  const { nonce } = (await call(`POST /api/v1/auth/nonce (${name}): takes no body`, 'POST', '/api/v1/auth/nonce',
    { expect: 200 })).result;
  const message = new SiweMessage({
    domain: origin.host, address: wallet.address, statement: 'Sign in to HealthKey', uri: origin.origin,
    version: '1', chainId, nonce, issuedAt: new Date().toISOString(),
  }).prepareMessage();
  const signature = await wallet.signMessage(message);
  const session = (await call(`POST /api/v1/auth/session (${name})`, 'POST', '/api/v1/auth/session', {
    json: { message, signature }, expect: 200,
    note: '`message` is the EIP-4361 text the wallet signed with `personal_sign` (made here with npm `siwe`): its '
      + 'domain and URI origin are the API\'s, its chain id the network\'s, its nonce the one just issued.',
  })).result;
  return { token: session.token, name: `${name.toUpperCase()}_TOKEN`, wallet };
}

async function confirmed(session, statusUrl) {
  for (let i = 0; i < 600; i++) {
    const response = await fetch(new URL(statusUrl, baseUrl), { headers: { Authorization: `Bearer ${session.token}` } });
    const request = await response.json();
    if (request.status === 'CONFIRMED' || request.status === 'FAILED') return request;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${statusUrl} not final in time`);
}

async function publishKey(session, key, show) {
  const publicKey = hex(key.publicKey.toBytes(true));
  const typed = await (show ? call : silent)('GET /api/v1/typed-data/key-publication', 'GET',
    `/api/v1/typed-data/key-publication?publicKey=${publicKey}`, { session, expect: 200 });
  const signature = await signTypedData(session.wallet, typed.result);
  const accepted = await (show ? call : silent)('POST /api/v1/key-publications', 'POST', '/api/v1/key-publications',
    { session, json: { publication: typed.result.message, signature }, expect: 202,
      note: '`publication` is the typed data\'s `message` as it came; `signature` its `eth_signTypedData_v4`.' });
  return accepted.result;
}

/** A call made the same way but left out of the examples (the same call is shown once). */
async function silent(title, method, path, options) {
  const before = out.length;
  const result = await call(title, method, path, options);
  out.length = before;
  return result;
}

out.push('### Configure', '');
const network = (await call('GET /api/v1/network', 'GET', '/api/v1/network', { expect: 200 })).result;
await call('GET /api/v1/network/abis', 'GET', '/api/v1/network/abis', { expect: 200,
  note: 'Every entry of the four ABIs (elided here); docs/CONTRACTS.md says which a dApp uses.' });

out.push('### Sign in', '');
const patient = await signIn(Wallet.createRandom(), 'patient', network.chainId);
async function signInQuiet(wallet, name) {
  const before = out.length;
  const session = await signIn(wallet, name, network.chainId);
  out.length = before;
  return session;
}
const doctor = await signInQuiet(Wallet.createRandom(), 'doctor');
const clinic = await signInQuiet(new Wallet(clinicKey), 'clinic');
await call('GET /api/v1/me', 'GET', '/api/v1/me', { session: patient, expect: 200 });
await call('Any protected call without a token', 'GET', '/api/v1/me', { expect: 401 });

out.push('### Publish an encryption key and follow the request', '');
const patientKey = new PrivateKey();
const doctorKey = new PrivateKey();
const keyRequest = await publishKey(patient, patientKey, true);
await call('GET /api/v1/chain-requests/{id}', 'GET', keyRequest.statusUrl, { session: patient, expect: 200,
  note: 'Right after the 202; poll it, or follow the events below, until `CONFIRMED` or `FAILED`.' });
await call('GET /api/v1/chain-requests/{id}/events', 'GET', keyRequest.eventsUrl,
  { session: patient, accept: 'text/event-stream', expect: 200,
    note: 'Server-sent events: the status now, then each change; the stream ends after `CONFIRMED` or `FAILED`.' });
await publishKey(doctor, doctorKey, false).then((accepted) => confirmed(doctor, accepted.statusUrl));
const clinicEncryption = PrivateKey.fromHex(readFileSync(clinicKeyFile, 'utf8').trim());
await publishKey(clinic, clinicEncryption, false).then((accepted) => confirmed(clinic, accepted.statusUrl));
await call('GET /api/v1/participants/{account}/encryption-key', 'GET',
  `/api/v1/participants/${doctor.wallet.address}/encryption-key`, { session: patient, expect: 200 });

out.push('### Add a record (client-side encrypted)', '');
const recordKey = randomBytes(32);
const reservation = (await call('POST /api/v1/records', 'POST', '/api/v1/records', { session: patient, expect: 201,
  json: { patient: patient.wallet.address, category: '2', mediaType: 'application/fhir+json',
    wrappedKeys: { [patient.wallet.address]: hex(encrypt(patientKey.publicKey.toBytes(true), recordKey)) } },
  note: '`category` 2 is Observation (docs/CODES.md); `wrappedKeys` maps each reader to the record key wrapped for '
    + 'their published key (eciesjs); the patient\'s and the uploader\'s are required.' })).result;
const plaintext = Buffer.from('{"resourceType":"Observation","status":"final","code":{"text":"HbA1c"}}');
const work = mkdtempSync(join(tmpdir(), 'api-examples-'));
writeFileSync(join(work, 'observation.json'), plaintext);
await encryptEnvelopeFile(recordKey, Buffer.from(reservation.recordId.slice(2), 'hex'), join(work, 'observation.json'),
  join(work, 'envelope.bin'), Buffer.from(patientKey.publicKey.toBytes(true)));
const envelope = readFileSync(join(work, 'envelope.bin'));
const upload = (await call('PUT /api/v1/records/{recordId}/content', 'PUT', reservation.uploadUrl, {
  session: patient, body: envelope, contentType: 'application/octet-stream', binary: 'envelope.bin', expect: 202,
  note: 'The body is the record envelope, version 2 (docs/FORMAT.md), sealed for the reserved id, streamed: its '
    + 'header carries the record key wrapped for the patient, who can read it without this service\'s database.' }))
  .result;
await confirmed(patient, upload.statusUrl);

out.push('### Grant, check, read', '');
const expiresAt = String(Math.floor(Date.now() / 1000) + 30 * 24 * 3600);
const typedGrant = (await call('GET /api/v1/typed-data/grant', 'GET', `/api/v1/typed-data/grant?${new URLSearchParams({
  grantee: doctor.wallet.address, scope: reservation.recordId, action: 'READ', purpose: 'TREAT', expiresAt })}`, {
  session: patient, expect: 200,
  note: '`scope` is a bytes32 as 0x + 64 hex: here one record id; zero (0x + 64 zeros) is all records, a category '
    + 'is its code left-padded (0x000…0002 for Observation). `expiresAt` and `deadline` are Unix seconds; without '
    + '`deadline` the signature is valid for one hour from now.' })).result;
const { publicKey: doctorPublicKey } = (await silent('', 'GET',
  `/api/v1/participants/${doctor.wallet.address}/encryption-key`, { session: patient, expect: 200 })).result;
const grantBody = { grant: typedGrant.message, signature: await signTypedData(patient.wallet, typedGrant),
  recordKeys: [{ recordId: reservation.recordId,
    wrappedKey: hex(encrypt(Buffer.from(doctorPublicKey.slice(2), 'hex'), recordKey)) }] };
const granted = (await call('POST /api/v1/grants', 'POST', '/api/v1/grants', { session: patient, json: grantBody,
  expect: 202, note: '`recordKeys` carries the record key wrapped for the grantee\'s published key.' })).result;
await confirmed(patient, granted.statusUrl);
await call('The same grant again: a replay', 'POST', '/api/v1/grants', { session: patient, json: grantBody,
  expect: 409 });
await call('GET /api/v1/patients/{patient}/nonce', 'GET', `/api/v1/patients/${patient.wallet.address}/nonce`,
  { session: patient, expect: 200 });
await call('GET /api/v1/access', 'GET', `/api/v1/access?${new URLSearchParams({ patient: patient.wallet.address,
  grantee: doctor.wallet.address, record: reservation.recordId, action: 'READ' })}`, { session: doctor, expect: 200 });
await call('GET /api/v1/records/{recordId}/content (the doctor)', 'GET', `/api/v1/records/${reservation.recordId}/content`,
  { session: doctor, expect: 200, note: 'Unwrap `HealthKey-Wrapped-Key` with your encryption key, then open the '
    + 'envelope with the record key and the record id.' });
await call('GET /api/v1/records/{recordId}/key', 'GET', `/api/v1/records/${reservation.recordId}/key`,
  { session: doctor, expect: 200 });
await call('POST /api/v1/records/{recordId}/keys', 'POST', `/api/v1/records/${reservation.recordId}/keys`,
  { session: patient, expect: 204, json: { reader: doctor.wallet.address, wrappedKey: grantBody.recordKeys[0].wrappedKey },
    note: 'The patient (re-)wraps the record key for a reader who holds a READ grant.' });

out.push('### Clinic gateway', '');
const clinicWrite = (await silent('', 'GET', `/api/v1/typed-data/grant?${new URLSearchParams({
  grantee: clinic.wallet.address, scope: zeroPadValue(toBeHex(2), 32), action: 'WRITE', purpose: 'TREAT', expiresAt })}`,
  { session: patient, expect: 200 })).result;
const clinicGrant = (await silent('', 'POST', '/api/v1/grants', { session: patient, expect: 202,
  json: { grant: clinicWrite.message, signature: await signTypedData(patient.wallet, clinicWrite) } })).result;
await confirmed(patient, clinicGrant.statusUrl);
const fhir = Buffer.from(JSON.stringify({ resourceType: 'Observation', status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }], text: 'HbA1c' },
  subject: { reference: 'Patient/example' }, valueQuantity: { value: 6.1, unit: '%', system: 'http://unitsofmeasure.org', code: '%' } }));
const gatewayUpload = (await call('POST /api/v1/gateway/patients/{patient}/records', 'POST',
  `/api/v1/gateway/patients/${patient.wallet.address}/records`, { session: clinic, body: fhir,
    contentType: 'application/fhir+json', binary: 'observation.json', expect: 202,
    note: 'The clinic (accredited, holding WRITE on Observations; its key is the gateway\'s) posts plaintext FHIR R4.' })).result;
await confirmed(clinic, gatewayUpload.statusUrl);
const clinicRead = (await silent('', 'GET', `/api/v1/typed-data/grant?${new URLSearchParams({
  grantee: clinic.wallet.address, scope: zeroPadValue(toBeHex(2), 32), action: 'READ', purpose: 'TREAT', expiresAt })}`,
  { session: patient, expect: 200 })).result;
const clinicReadGrant = (await silent('', 'POST', '/api/v1/grants', { session: patient, expect: 202,
  json: { grant: clinicRead.message, signature: await signTypedData(patient.wallet, clinicRead) } })).result;
await confirmed(patient, clinicReadGrant.statusUrl);
await call('GET /api/v1/gateway/records/{recordId}/content', 'GET',
  `/api/v1/gateway/records/${gatewayUpload.recordId}/content`, { session: clinic, expect: 200,
    note: 'The clinic, granted READ on Observations by the patient, gets the plaintext back.' });

out.push('### The clinician\'s view and the provider directory', '');
const doctorGrants = `/api/v1/grantees/${doctor.wallet.address}/grants`;
for (let i = 0; i < 300; i++) {  // the event index follows the chain a few blocks behind a CONFIRMED request
  const listed = (await silent('', 'GET', doctorGrants, { session: doctor, expect: 200 })).result;
  if (listed.length > 0) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const doctorGrant = (await call('GET /api/v1/grantees/{grantee}/grants', 'GET', doctorGrants,
  { session: doctor, expect: 200, note: 'The live grants to the signed-in account, from the event index, newest '
    + 'first; paged like the audit lists (`limit`, `cursor`, `Link`).' })).result[0];
await call('GET /api/v1/grantees/{grantee}/patients/{patient}/records', 'GET', doctorGrant.recordsUrl,
  { session: doctor, expect: 200, note: 'The record versions that grant covers and the doctor may read now.' });
await call('GET /api/v1/providers', 'GET', `/api/v1/providers?${new URLSearchParams({ search: 'dev clin' })}`,
  { session: patient, expect: 200, note: 'Accredited providers, not suspended, with a published key; `search` '
    + 'matches the start of the name, of a word of it, or of the address.' });
await call('Someone else\'s grants', 'GET', doctorGrants, { session: patient, expect: 403 });

out.push('### Revoke', '');
const typedRevocation = (await call('GET /api/v1/typed-data/revocation', 'GET', `/api/v1/typed-data/revocation?${new URLSearchParams({
  grantee: doctor.wallet.address, scope: reservation.recordId, action: 'READ' })}`, { session: patient, expect: 200 })).result;
await call('POST /api/v1/revocations', 'POST', '/api/v1/revocations', { session: patient, expect: 202,
  json: { revocation: typedRevocation.message, signature: await signTypedData(patient.wallet, typedRevocation) } });
await call('The doctor reads again: denied from the 202 on', 'GET', `/api/v1/records/${reservation.recordId}/content`,
  { session: doctor, expect: 403 });

out.push('### Audit (the patient only)', '');
await call('GET /api/v1/patients/{patient}/records', 'GET', `/api/v1/patients/${patient.wallet.address}/records`,
  { session: patient, expect: 200 });
await call('GET /api/v1/patients/{patient}/consents', 'GET', `/api/v1/patients/${patient.wallet.address}/consents`,
  { session: patient, expect: 200 });
const reads = (await call('GET /api/v1/patients/{patient}/reads', 'GET',
  `/api/v1/patients/${patient.wallet.address}/reads`, { session: patient, expect: 200 })).result;
await call('GET /api/v1/patients/{patient}/reads/{readId}/proof (before the batch is on chain)', 'GET',
  `/api/v1/patients/${patient.wallet.address}/reads/${reads[0].id}/proof`, { session: patient, expect: 409,
    note: 'Reads are batched every minute; once the batch root is on chain the same call answers 200 with the leaf, '
      + 'the proof and the batch (section 7).' });
await call('Someone else\'s audit', 'GET', `/api/v1/patients/${patient.wallet.address}/reads`,
  { session: doctor, expect: 403 });

console.log(out.join('\n'));
if (failures > 0) {
  console.error(`${failures} example(s) answered another status than documented`);
  process.exitCode = 1;
}
