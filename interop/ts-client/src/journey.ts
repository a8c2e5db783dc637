// Sign-in, grant and read against a running HealthKey, through a client generated from its OpenAPI document
// (openapi-typescript types, openapi-fetch calls) and the standard dApp stack: ethers 6 signs the SIWE message and
// the EIP-712 typed data the API serves, eciesjs wraps record keys, node:crypto seals the envelope (src/envelope.ts).
// Every request and answer is typed by the document: a field the document gets wrong fails tsc or this journey.
//
//   node build/journey.js <baseUrl>        (run.sh builds and runs it; exit 1 on any failure)
import { randomBytes } from 'node:crypto';
import { type BaseWallet, Interface, Wallet } from 'ethers';
import { PrivateKey, decrypt, encrypt } from 'eciesjs';
import createClient, { type Client } from 'openapi-fetch';
import { SiweMessage } from 'siwe';
import { decryptEnvelope, encryptEnvelope } from './envelope.js';
import type { components, paths } from './schema.js';
import { serverSentEvents } from './sse.js';

type Schemas = components['schemas'];
type Api = Client<paths>;
/** A signed-in participant: the typed client, and the header it sends, for the event stream fetched by URL. */
interface Session { api: Api; authorization: string }

const OBSERVATION = '2';  // docs/CODES.md: the record category of FHIR Observations
const CONFIRMED_WITHIN_MS = 120_000;

const baseUrl = process.argv[2];
if (!baseUrl) {
  console.error('usage: node build/journey.js <baseUrl>');
  process.exit(64);
}
const origin = new URL(baseUrl);
const anonymous = createClient<paths>({ baseUrl });
const observed: Record<string, unknown> = {};
let step = 'start';

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`;
const bytes = (text: string): Buffer => Buffer.from(text.replace(/^0x/, ''), 'hex');

/** The answer of a call that must succeed; otherwise the problem's code and status end the journey. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${step}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

function field(message: Record<string, string>, name: string): string {
  const value = message[name];
  if (value === undefined) throw new Error(`${step}: typed data message has no ${name}`);
  return value;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`${step}: ${what}`);
}

async function signIn(wallet: BaseWallet, chainId: number): Promise<Session> {
  const { nonce, expiresAt } = ok(await anonymous.POST('/api/v1/auth/nonce'));
  check(Date.parse(expiresAt) > Date.now(), `nonce expiresAt ${expiresAt} is not an ISO-8601 time to come`);
  const message = new SiweMessage({
    domain: origin.host, address: wallet.address, statement: 'Sign in to HealthKey', uri: origin.origin,
    version: '1', chainId, nonce, issuedAt: new Date().toISOString(),
  }).prepareMessage();
  const session = ok(await anonymous.POST('/api/v1/auth/session',
    { body: { message, signature: await wallet.signMessage(message) } }));
  check(session.address === wallet.address, `signed in as ${session.address}`);
  const authorization = `${session.tokenType} ${session.token}`;
  return { api: createClient<paths>({ baseUrl, headers: { Authorization: authorization } }), authorization };
}

/** Signs the API's typed data as eth_signTypedData_v4 does (ethers derives EIP712Domain from the domain). */
function sign(wallet: BaseWallet, typed: Schemas['TypedData']): Promise<string> {
  const { EIP712Domain: _derived, ...types } = typed.types;
  return wallet.signTypedData(typed.domain, types, typed.message);
}

/** Follows a 202's eventsUrl (server-sent events) until the request is CONFIRMED; FAILED ends the journey. */
async function confirmed(session: Session, eventsUrl: string): Promise<Schemas['ChainRequest']> {
  const response = await fetch(new URL(eventsUrl, baseUrl), {
    headers: { Accept: 'text/event-stream', Authorization: session.authorization },
    signal: AbortSignal.timeout(CONFIRMED_WITHIN_MS),
  });
  check(response.ok && response.body !== null, `${eventsUrl} answered ${response.status}`);
  check(response.headers.get('Content-Type')?.startsWith('text/event-stream') ?? false,
    `${eventsUrl} is ${response.headers.get('Content-Type')}`);
  const seen: string[] = [];
  for await (const event of serverSentEvents(response.body!)) {
    seen.push(event.event);
    check(event.data.status === event.event, `event ${event.event} carries status ${event.data.status}`);
    if (event.event === 'CONFIRMED') return event.data;
    if (event.event === 'FAILED') throw new Error(`${step}: ${event.data.kind} FAILED ${event.data.failureCode}`);
  }
  throw new Error(`${step}: ${eventsUrl} ended after ${seen.join(', ')} without CONFIRMED`);
}

async function publishKey(session: Session, wallet: BaseWallet, key: PrivateKey): Promise<void> {
  const { api } = session;
  const publicKey = hex(key.publicKey.toBytes(true));
  const typed = ok(await api.GET('/api/v1/typed-data/key-publication', { params: { query: { publicKey } } }));
  const message = typed.message;
  const accepted = ok(await api.POST('/api/v1/key-publications', {
    body: {
      publication: { account: field(message, 'account'), publicKey: field(message, 'publicKey'),
        nonce: field(message, 'nonce'), deadline: field(message, 'deadline') },
      signature: await sign(wallet, typed),
    },
  }));
  await confirmed(session, accepted.eventsUrl);
}

async function journey(): Promise<void> {
  step = 'network';
  const network = ok(await anonymous.GET('/api/v1/network'));
  const abis = ok(await anonymous.GET('/api/v1/network/abis'));
  const consentRegistry = new Interface(abis.consentRegistry);
  check(consentRegistry.getFunction('grantBySig') !== null, 'the ConsentRegistry ABI has no grantBySig');
  check(new Interface(abis.recordRegistry).getEvent('RecordAnchored') !== null, 'no RecordAnchored event');
  observed.network = { chainId: network.chainId, contracts: network.contracts };

  step = 'sign in';
  const patient = Wallet.createRandom();
  const doctor = Wallet.createRandom();
  const patientSession = await signIn(patient, network.chainId);
  const doctorSession = await signIn(doctor, network.chainId);
  const asPatient = patientSession.api;
  const asDoctor = doctorSession.api;
  const me = ok(await asDoctor.GET('/api/v1/me'));
  check(me.address === doctor.address, `/me is ${me.address}`);
  observed.patient = patient.address;
  observed.doctor = doctor.address;

  step = 'publish encryption keys';
  const patientKey = new PrivateKey();
  const doctorKey = new PrivateKey();
  await Promise.all([publishKey(patientSession, patient, patientKey), publishKey(doctorSession, doctor, doctorKey)]);

  step = 'upload a record';
  const recordKey = randomBytes(32);
  const reservation = ok(await asPatient.POST('/api/v1/records', {
    body: {
      patient: patient.address, category: OBSERVATION, mediaType: 'application/fhir+json',
      wrappedKeys: { [patient.address]: hex(encrypt(patientKey.publicKey.toBytes(true), recordKey)) },
    },
  }));
  const plaintext = Buffer.from(JSON.stringify({ resourceType: 'Observation', status: 'final',
    code: { text: 'HbA1c' }, valueQuantity: { value: 6.1, unit: '%' } }));
  const envelope = encryptEnvelope(recordKey, bytes(reservation.recordId), Buffer.from(patientKey.publicKey.toBytes(true)),
    plaintext);
  const upload = ok(await asPatient.PUT('/api/v1/records/{recordId}/content', {
    params: { path: { recordId: reservation.recordId } },
    headers: { 'Content-Type': 'application/octet-stream' },
    // openapi-typescript types a `format: binary` body as string; the bytes go as they are (bodySerializer).
    body: envelope as unknown as string,
    bodySerializer: (body) => body,
  }));
  check(upload.recordId === reservation.recordId, `uploaded ${upload.recordId}`);
  const anchor = await confirmed(patientSession, upload.eventsUrl);
  observed.upload = { recordId: upload.recordId, cid: upload.cid, anchor: anchor.transactionHash };

  step = 'grant';
  const doctorPublished = ok(await asPatient.GET('/api/v1/participants/{account}/encryption-key',
    { params: { path: { account: doctor.address } } }));
  const expiresAt = String(Math.floor(Date.now() / 1000) + 24 * 3600);
  const typedGrant = ok(await asPatient.GET('/api/v1/typed-data/grant', {
    params: { query: { grantee: doctor.address, scope: reservation.recordId, action: 'READ', purpose: 'TREAT',
      expiresAt } },
  }));
  const grant = typedGrant.message;
  check(field(grant, 'scope') === reservation.recordId.toLowerCase(), `typed data scope ${grant.scope}`);
  check(field(grant, 'expiresAt') === expiresAt, `typed data expiresAt ${grant.expiresAt}`);
  const deadlineIn = Number(field(grant, 'deadline')) - Date.now() / 1000;
  check(deadlineIn > 3000 && deadlineIn <= 3600, `default deadline ${deadlineIn} s away, not one hour`);
  const relayed = ok(await asPatient.POST('/api/v1/grants', {
    body: {
      grant: { patient: field(grant, 'patient'), grantee: field(grant, 'grantee'), scope: field(grant, 'scope'),
        action: field(grant, 'action'), purpose: field(grant, 'purpose'), expiresAt: field(grant, 'expiresAt'),
        nonce: field(grant, 'nonce'), deadline: field(grant, 'deadline') },
      signature: await sign(patient, typedGrant),
      recordKeys: [{ recordId: reservation.recordId,
        wrappedKey: hex(encrypt(bytes(doctorPublished.publicKey), recordKey)) }],
    },
  }));
  check(relayed.kind === 'GRANT', `relayed ${relayed.kind}`);
  const granted = await confirmed(patientSession, relayed.eventsUrl);
  observed.grant = { requestId: relayed.requestId, transactionHash: granted.transactionHash };

  step = 'read';
  const read = await asDoctor.GET('/api/v1/records/{recordId}/content', {
    params: { path: { recordId: reservation.recordId } }, parseAs: 'arrayBuffer',
  });
  const ciphertext = Buffer.from(ok(read));
  const wrappedKey = read.response.headers.get('HealthKey-Wrapped-Key');
  check(wrappedKey !== null, 'no HealthKey-Wrapped-Key header');
  const opened = decryptEnvelope(Buffer.from(decrypt(doctorKey.secret, bytes(wrappedKey!))),
    bytes(reservation.recordId), ciphertext);
  check(opened.equals(plaintext), 'the doctor decrypted something else');
  observed.read = { bytes: ciphertext.length, cid: read.response.headers.get('HealthKey-Cid') };

  step = 'problems';
  const refused = await asDoctor.GET('/api/v1/patients/{patient}/reads',
    { params: { path: { patient: patient.address } } });
  check(refused.response.status === 403 && refused.error?.code === 'REQUEST-0007',
    `the doctor's look at the patient's audit answered ${refused.response.status} ${refused.error?.code}`);
  check(refused.response.headers.get('Content-Type') === 'application/problem+json', 'not problem+json');
  const reads = ok(await asPatient.GET('/api/v1/patients/{patient}/reads',
    { params: { path: { patient: patient.address } } }));
  check(reads.some((entry) => entry.reader === doctor.address && entry.allowed), 'the read is not in the log');
  observed.problem = refused.error?.code;
}

try {
  await journey();
  console.log(JSON.stringify({ ok: true, ...observed }, null, 2));
} catch (error) {
  console.log(JSON.stringify({ ok: false, step, error: String(error), ...observed }, null, 2));
  process.exitCode = 1;
}
