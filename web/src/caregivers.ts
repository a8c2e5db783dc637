// Caregivers (docs/API.md section 11), between the API and the crypto: a patient appoints a caregiver (with READ, the
// key of every record its scopes cover re-wrapped for the caregiver) and revokes one; a caregiver grants a provider
// access within its own powers (with READ, re-wrapping the keys it holds) and revokes what it granted. Every message
// is the API's typed data, signed untouched and relayed by the signer; the answer is followed to its end.
import type { PrivateKey } from 'eciesjs';
import { type ChainRequest, type Schemas, api, follow, ok } from './api/client';
import type { Directory } from './directory';
import { type GrantRequest, type Readable, type RecordVersion, covers, rewrapKeys } from './records';
import { type Wallet, signTypedData } from './wallet';

export type Caregiver = Schemas['Caregiver'];
export type CaregiverAction = Schemas['CaregiverAction'];

/** The powers of IConsentCaregivers, in bit order, as the API names them and as the app says them. */
export const POWERS = {
  READ: 'read records', WRITE: 'add records', GRANT_REVOKE: 'grant and revoke access', APPOINT: 'appoint caregivers',
} as const;
export type Power = keyof typeof POWERS;

export const powersInWords = (powers: string[]): string =>
  powers.map((p) => POWERS[p as Power] ?? p).join(', ');

/** A Unix-seconds instant (the caregiver lists' `expiresAt`, `at`, `since`) for people. */
export const whenSeconds = (seconds: string): string => new Date(Number(seconds) * 1000).toLocaleString();

export async function caregiversOf(patient: string): Promise<Caregiver[]> {
  return ok(await api.GET('/api/v1/patients/{patient}/caregivers', { params: { path: { patient } } }));
}

export async function caregiverActions(patient: string): Promise<CaregiverAction[]> {
  return ok(await api.GET('/api/v1/patients/{patient}/caregiver-actions', { params: { path: { patient } } }));
}

/** The patients `me` was appointed for, each at its latest appointment or revocation. */
/** What I granted for `patient` as its caregiver: my latest grant or revocation per grantee, scope and action. */
export async function grantsIMade(me: string, patient: string): Promise<CaregiverAction[]> {
  return ok(await api.GET('/api/v1/caregivers/{account}/patients/{patient}/grants',
    { params: { path: { account: me, patient } } }));
}

export async function caredFor(me: string): Promise<Caregiver[]> {
  return ok(await api.GET('/api/v1/caregivers/{account}/patients', { params: { path: { account: me } } }));
}

export interface Appointment {
  caregiver: string;
  /** 1 to 8 grant scopes. */
  scopes: string[];
  powers: Power[];
  expiresAt: number;
}

/** Signs and relays the patient's appointment; with READ, the key of every current record a scope covers goes too. */
export async function appoint(wallet: Wallet, directory: Directory, key: PrivateKey, records: RecordVersion[],
    a: Appointment, update: (request: ChainRequest) => void): Promise<ChainRequest> {
  const covered = a.powers.includes('READ')
    ? records.filter((r) => r.cid && !r.supersededBy && a.scopes.some((scope) => covers(scope, r))) : [];
  const recordKeys = await rewrapKeys(directory, key, covered, a.caregiver);
  const typed = ok(await api.GET('/api/v1/typed-data/caregiver-appointment', { params: { query: {
    caregiver: a.caregiver, scopes: a.scopes.join(','), powers: a.powers.join(','), expiresAt: String(a.expiresAt),
  } } }));
  const relayed = ok(await api.POST('/api/v1/caregivers/appointments', { body: {
    appointment: typed.message as unknown as Schemas['AppointmentBody'],
    signature: await signTypedData(wallet, typed),
    recordKeys,
  } }));
  return follow(relayed.eventsUrl, update);
}

/** Signs and relays the patient's revocation of `caregiver`: its powers and every grant it made end at once. */
export async function dismiss(wallet: Wallet, caregiver: string, update: (request: ChainRequest) => void)
    : Promise<ChainRequest> {
  const typed = ok(await api.GET('/api/v1/typed-data/caregiver-revocation', { params: { query: { caregiver } } }));
  const relayed = ok(await api.POST('/api/v1/caregivers/revocations', { body: {
    revocation: typed.message as unknown as Schemas['CaregiverRevocationBody'],
    signature: await signTypedData(wallet, typed),
  } }));
  return follow(relayed.eventsUrl, update);
}

/** A grant a caregiver signs for `patient`: the patient's grant's terms. */
export interface CaregiverGrant extends GrantRequest {
  patient: string;
}

/**
 * Signs and relays a caregiver's grant for its patient; a READ grant carries the key of every record it covers that
 * the caregiver may read (`readable`), re-wrapped from the caregiver's own for the grantee.
 */
export async function grantAsCaregiver(wallet: Wallet, directory: Directory, key: PrivateKey, readable: Readable[],
    g: CaregiverGrant, update: (request: ChainRequest) => void): Promise<ChainRequest> {
  const covered = g.action === 'READ' ? readable.filter((r) => covers(g.scope, r)) : [];
  const recordKeys = await rewrapKeys(directory, key, covered, g.grantee);
  const typed = ok(await api.GET('/api/v1/typed-data/caregiver-grant', { params: { query: {
    patient: g.patient, grantee: g.grantee, scope: g.scope, action: g.action, purpose: g.purpose,
    expiresAt: String(g.expiresAt),
  } } }));
  const relayed = ok(await api.POST('/api/v1/caregivers/grants', { body: {
    grant: typed.message as unknown as Schemas['CaregiverGrantBody'],
    signature: await signTypedData(wallet, typed),
    recordKeys,
  } }));
  return follow(relayed.eventsUrl, update);
}

/** Signs and relays a caregiver's revocation of a grant it made for its patient. */
export async function revokeAsCaregiver(wallet: Wallet,
    g: Pick<CaregiverGrant, 'patient' | 'grantee' | 'scope' | 'action'>, update: (request: ChainRequest) => void)
    : Promise<ChainRequest> {
  const typed = ok(await api.GET('/api/v1/typed-data/caregiver-grant-revocation', { params: { query: {
    patient: g.patient, grantee: g.grantee, scope: g.scope, action: g.action } } }));
  const relayed = ok(await api.POST('/api/v1/caregivers/grant-revocations', { body: {
    revocation: typed.message as unknown as Schemas['CaregiverGrantRevocationBody'],
    signature: await signTypedData(wallet, typed),
  } }));
  return follow(relayed.eventsUrl, update);
}
