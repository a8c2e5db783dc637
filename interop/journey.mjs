// The product's journey driven by a dApp and a clinic's EHR that know only the HTTP API and the standard dApp stack:
// ethers 6 (wallets, EIP-712), siwe (EIP-4361), eciesjs (record keys) and fetch, plus node:crypto for the record
// envelope (interop/envelope.mjs, written from docs/FORMAT.md). No HealthKey Java code runs on this side.
//
//   node interop/journey.mjs <backendUrl> <clinicWalletPrivateKey> <clinicEncryptionPublicKey>
//
// The clinic is one whose encryption key the backend's gateway holds, and which an accreditor has accredited; its
// wallet key signs, and the gateway's key (33-byte compressed, 0x hex) is the one it publishes. The patient and the
// doctor are made here, as a dApp makes them. Prints one JSON object with what it observed; on a step that cannot go
// on, prints {"failed": {step, message, ...}, ...what was observed until then} and exits 1.
//
// NodeJourneyIT runs it against the test backend. Against scripts/run.sh the clinic is the dev clinic, Hardhat
// account #2, whose gateway key run.sh keeps in .healthkey/dev-clinic.key (on another BACKEND_PORT, set
// HEALTHKEY_DAPP_DOMAIN=localhost:<port> and HEALTHKEY_DAPP_URI=http://localhost:<port> for the sign-in):
//   node interop/journey.mjs http://localhost:8080 0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a \
//     0x$(node --input-type=module -e "import { PrivateKey } from 'eciesjs'; import { readFileSync } from 'node:fs';
//       console.log(PrivateKey.fromHex(readFileSync('.healthkey/dev-clinic.key', 'utf8').trim()).publicKey.toHex())")
import { createHash } from 'node:crypto';
import { Wallet, toBeHex, zeroPadValue } from 'ethers';
import { PrivateKey, decrypt, encrypt } from 'eciesjs';
import { problemOf, signIn, signTypedData } from './dapp-session.mjs';
import { decryptEnvelope } from './envelope.mjs';

const [backend, clinicWalletKey, clinicEncryptionKey] = process.argv.slice(2);
if (!clinicEncryptionKey) {
  console.error('usage: journey.mjs <backendUrl> <clinicWalletPrivateKey> <clinicEncryptionPublicKey>');
  process.exit(64);
}

const OBSERVATION = 2;  // docs/CODES.md: the record category of FHIR Observations
const OBSERVATIONS = zeroPadValue(toBeHex(OBSERVATION), 32);  // a category scope: the category code as bytes32
const MINED_WITHIN_MS = 60_000;
const DAY = 24 * 3600;

const fromHex = (text) => Buffer.from(text.replace(/^0x/, ''), 'hex');
const toHex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
const sha256 = (bytes) => toHex(createHash('sha256').update(bytes).digest());
const now = () => Math.floor(Date.now() / 1000);

const observed = { started: new Date().toISOString() };
const steps = [];
let step = 'setup';
const started = Date.now();

/** Runs one step of the journey, timing it; a step that throws ends the journey. */
async function run(name, fn) {
  step = name;
  const at = Date.now();
  const result = await fn();
  steps.push({ step: name, ms: Date.now() - at });
  return result;
}

class StepFailed extends Error {
  constructor(message, details) {
    super(message);
    this.details = details;
  }
}

/** A dApp checks typed data before its user signs it: the domain is the network's, the message what was asked. */
function requireTypedData(typed, domain, expected) {
  for (const field of ['name', 'version', 'chainId', 'verifyingContract']) {
    if (String(typed.domain[field]).toLowerCase() !== String(domain[field]).toLowerCase()) {
      throw new StepFailed(`typed data domain.${field} is ${typed.domain[field]}, not ${domain[field]}`);
    }
  }
  for (const [field, value] of Object.entries(expected)) {
    if (String(typed.message[field]).toLowerCase() !== String(value).toLowerCase()) {
      throw new StepFailed(`typed data message.${field} is ${typed.message[field]}, not ${value}`);
    }
  }
}

/** A participant of the journey: wallet, encryption key, signed-in session. */
async function participant(wallet, encryptionKey) {
  const session = await signIn(backend, wallet);
  return { wallet, encryptionKey, session, address: wallet.address };
}

async function publishKey(who, publicKey) {
  const typed = await who.session.typedData('/api/v1/typed-data/key-publication', { publicKey });
  requireTypedData(typed, who.session.network.eip712.participantDirectory.domain,
    { account: who.address, publicKey });
  const signature = await signTypedData(who.wallet, typed);
  return relay(who.session, '/api/v1/key-publications', { publication: typed.message, signature });
}

/**
 * Posts a signed message the relayer sends: the API answers 202 ACCEPTED with the outbox request; follows it until
 * CONFIRMED and answers its status, with the transaction.
 */
async function relay(session, path, body) {
  const accepted = await session.postJson(path, body);
  if (accepted.status !== 'ACCEPTED') throw new StepFailed(`${path} answered ${accepted.status}`, accepted);
  return awaitConfirmed(session, accepted.statusUrl);
}

/** The patient's signed grant, as the body POST /api/v1/grants takes; not posted. */
async function signedGrant(patient, { grantee, action, recordKeys = [] }) {
  const request = { grantee, scope: OBSERVATIONS, action, purpose: 'TREAT', expiresAt: String(now() + 30 * DAY) };
  const typed = await patient.session.typedData('/api/v1/typed-data/grant', request);
  requireTypedData(typed, patient.session.network.eip712.consentRegistry.domain,
    { patient: patient.address, grantee, scope: OBSERVATIONS, expiresAt: request.expiresAt });
  return { grant: typed.message, signature: await signTypedData(patient.wallet, typed), recordKeys };
}

async function revoke(patient, { grantee, action }) {
  const typed = await patient.session.typedData('/api/v1/typed-data/revocation',
    { grantee, scope: OBSERVATIONS, action });
  requireTypedData(typed, patient.session.network.eip712.consentRegistry.domain,
    { patient: patient.address, grantee, scope: OBSERVATIONS });
  const signature = await signTypedData(patient.wallet, typed);
  return relay(patient.session, '/api/v1/revocations', { revocation: typed.message, signature });
}

/** Posts FHIR through the clinic gateway and follows the anchor until it is confirmed. */
async function gatewayUpload(clinic, patient, fhir, supersedes) {
  const query = supersedes ? `?${new URLSearchParams({ supersedes })}` : '';
  const response = await clinic.session.fetch(`/api/v1/gateway/patients/${patient}/records${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json' },
    body: fhir,
  });
  if (response.status !== 202) {
    throw new StepFailed(`gateway upload answered ${response.status}`, await problemOf(response));
  }
  const accepted = await response.json();
  const anchor = await awaitConfirmed(clinic.session, accepted.statusUrl);
  return { accepted, anchor };
}

async function awaitConfirmed(session, statusUrl) {
  const until = Date.now() + MINED_WITHIN_MS;
  for (let polls = 1; ; polls++) {
    const request = await session.json(statusUrl);
    if (request.status === 'CONFIRMED') return { ...request, polls };
    if (request.status === 'FAILED') throw new StepFailed(`chain request ${request.id} FAILED`, request);
    if (Date.now() > until) throw new StepFailed(`chain request ${request.id} not confirmed in time`, request);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Reads a record's ciphertext, unwraps its key with eciesjs and opens the envelope with node:crypto. */
async function open(reader, recordId) {
  const response = await reader.session.fetch(`/api/v1/records/${recordId}/content`);
  if (!response.ok) throw new StepFailed(`read of ${recordId} answered ${response.status}`, await problemOf(response));
  const wrappedKey = response.headers.get('HealthKey-Wrapped-Key');
  const envelope = Buffer.from(await response.arrayBuffer());
  const recordKey = Buffer.from(decrypt(reader.encryptionKey.secret, fromHex(wrappedKey)));
  const plaintext = decryptEnvelope(recordKey, fromHex(recordId), envelope);
  return {
    recordKey,
    plaintext,
    seen: {
      status: response.status,
      recordId: response.headers.get('HealthKey-Record-Id'),
      cid: response.headers.get('HealthKey-Cid'),
      mediaType: response.headers.get('HealthKey-Media-Type'),
      contentType: response.headers.get('Content-Type'),
      cacheControl: response.headers.get('Cache-Control'),
      ciphertextSize: envelope.length,
      wrappedKeySize: fromHex(wrappedKey).length,
      recordKeySha256: sha256(recordKey),
    },
  };
}

/** A read that must be refused: what the reader got. */
async function refusedRead(reader, recordId) {
  const response = await reader.session.fetch(`/api/v1/records/${recordId}/content`);
  if (response.ok) {
    await response.arrayBuffer();
    return { status: response.status, code: null };
  }
  const { status, contentType, code, title } = await problemOf(response);
  return { status, contentType, code, title };
}

/** An Observation as an EHR sends it: HbA1c, a laboratory result. */
function observation(status, value) {
  return Buffer.from(JSON.stringify({
    resourceType: 'Observation',
    status,
    category: [{
      coding: [{
        system: 'http://terminology.hl7.org/CodeSystem/observation-category',
        code: 'laboratory',
        display: 'Laboratory',
      }],
    }],
    code: {
      coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' }],
      text: 'HbA1c',
    },
    subject: { reference: 'Patient/example' },
    effectiveDateTime: '2026-03-14T09:30:00+01:00',
    valueQuantity: { value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  }, null, 2), 'utf8');
}

async function journey() {
  // 1. Sign in (EIP-4361). The patient and the doctor are new wallets with new encryption keys, as a dApp makes them.
  const [patient, doctor, clinic] = await run('sign in', () => Promise.all([
    participant(Wallet.createRandom(), new PrivateKey()),
    participant(Wallet.createRandom(), new PrivateKey()),
    participant(new Wallet(clinicWalletKey), null),
  ]));
  observed.patient = patient.address;
  observed.doctor = doctor.address;
  observed.clinic = clinic.address;
  observed.chainId = patient.session.network.chainId;
  observed.patientEncryptionKey = toHex(patient.encryptionKey.publicKey.toBytes(true));
  observed.doctorEncryptionKey = toHex(doctor.encryptionKey.publicKey.toBytes(true));

  // 2. Each publishes its encryption key with a signed KeyPublication the relayer sends.
  observed.keyPublications = await run('publish keys', async () => ({
    patient: await publishKey(patient, observed.patientEncryptionKey),
    doctor: await publishKey(doctor, observed.doctorEncryptionKey),
    clinic: await publishKey(clinic, clinicEncryptionKey),
  }));

  // 3. The patient grants the clinic WRITE on observations. The same body again is a replay; a signature with one
  //    bit flipped recovers to someone else.
  const clinicWrite = await signedGrant(patient, { grantee: clinic.address, action: 'WRITE' });
  observed.clinicWriteGrant = await run('grant clinic WRITE',
    () => relay(patient.session, '/api/v1/grants', clinicWrite));
  observed.replayedGrant = await run('replay grant', async () => {
    const replayed = await problemOf(await patient.session.fetch('/api/v1/grants', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(clinicWrite),
    }));
    return { status: replayed.status, contentType: replayed.contentType, code: replayed.code };
  });
  observed.tamperedGrant = await run('tampered grant', async () => {
    const honest = await signedGrant(patient, { grantee: doctor.address, action: 'READ' });
    const signature = fromHex(honest.signature);
    signature[63] ^= 0x01;  // the low bit of s
    const tampered = await problemOf(await patient.session.fetch('/api/v1/grants', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...honest, signature: toHex(signature) }),
    }));
    return { status: tampered.status, contentType: tampered.contentType, code: tampered.code };
  });

  // 4. The clinic's EHR posts a FHIR Observation through the gateway, which encrypts, pins and anchors it.
  const firstFhir = observation('final', 6.1);
  const first = await run('gateway upload', () => gatewayUpload(clinic, patient.address, firstFhir));
  const firstId = first.accepted.recordId;
  observed.first = { ...first.accepted, anchor: first.anchor, fhirSha256: sha256(firstFhir) };

  // 5. The patient reads and decrypts with eciesjs and node:crypto alone.
  const byPatient = await run('patient reads', () => open(patient, firstId));
  observed.patientRead = { ...byPatient.seen, plaintextMatches: byPatient.plaintext.equals(firstFhir) };

  // 6. The doctor, not granted, is refused.
  observed.doctorBeforeGrant = await run('doctor refused', () => refusedRead(doctor, firstId));

  // 7. The patient grants the doctor READ, with the record key wrapped for the key the doctor published.
  observed.doctorRead = await run('grant doctor READ and read', async () => {
    const { publicKey } = await patient.session.json(`/api/v1/participants/${doctor.address}/encryption-key`);
    const wrappedKey = toHex(encrypt(fromHex(publicKey), byPatient.recordKey));
    const grant = await signedGrant(patient, {
      grantee: doctor.address, action: 'READ', recordKeys: [{ recordId: firstId, wrappedKey }],
    });
    const relayed = await relay(patient.session, '/api/v1/grants', grant);
    const byDoctor = await open(doctor, firstId);
    return {
      publishedKey: publicKey,
      grant: relayed,
      ...byDoctor.seen,
      plaintextMatches: byDoctor.plaintext.equals(firstFhir),
      sameRecordKeyAsPatient: byDoctor.recordKey.equals(byPatient.recordKey),
    };
  });

  // 8. The patient revokes the doctor, who is refused from then on.
  observed.revocation = await run('revoke doctor', () => revoke(patient, { grantee: doctor.address, action: 'READ' }));
  observed.doctorAfterRevocation = await run('doctor refused after revocation', () => refusedRead(doctor, firstId));

  // 9. The clinic uploads a corrected version that supersedes the first: a new record key, the doctor refused.
  const secondFhir = observation('corrected', 6.3);
  const second = await run('gateway upload, superseding', () => gatewayUpload(clinic, patient.address, secondFhir, firstId));
  const secondId = second.accepted.recordId;
  observed.second = { ...second.accepted, anchor: second.anchor, fhir: secondFhir.toString('utf8') };
  const secondByPatient = await run('patient reads the new version', () => open(patient, secondId));
  observed.secondPatientRead = {
    ...secondByPatient.seen,
    plaintextMatches: secondByPatient.plaintext.equals(secondFhir),
    recordKeyDiffersFromFirst: !secondByPatient.recordKey.equals(byPatient.recordKey),
    // Published so that Java can open the pinned ciphertext independently; a throwaway test patient's record.
    recordKey: toHex(secondByPatient.recordKey),
  };
  observed.doctorOnSecond = await run('doctor refused on the new version', () => refusedRead(doctor, secondId));

  // 10. The patient's audit.
  observed.audit = await run('audit', async () => ({
    records: await patient.session.json(`/api/v1/patients/${patient.address}/records`),
    consents: await patient.session.json(`/api/v1/patients/${patient.address}/consents`),
    reads: await patient.session.json(`/api/v1/patients/${patient.address}/reads`),
  }));
}

try {
  await journey();
  observed.steps = steps;
  observed.totalMs = Date.now() - started;
  console.log(JSON.stringify(observed, null, 2));
} catch (error) {
  observed.steps = steps;
  observed.failed = { step, message: error.message, details: error.details, stack: error.stack };
  console.log(JSON.stringify(observed, null, 2));
  process.exitCode = 1;
}
