// A dApp's grant, with nothing but ethers 6, siwe and the backend's API: signs the patient in (EIP-4361), reads
// /api/v1/network and the patient's next nonce, signs the Grant typed data with signTypedData, posts it to
// /api/v1/grants.
// Usage: node relay-grant-with-ethers.mjs <backendUrl> <patientPrivateKey> <grantee> <scope(bytes32)>
// Prints the backend's JSON answer (or its problem+json) and exits 1 if the relay was refused.
import { Wallet } from 'ethers';
import { signIn } from './dapp-session.mjs';

const [backend, patientKey, grantee, scope] = process.argv.slice(2);
if (!scope) {
  console.error('usage: relay-grant-with-ethers.mjs <backendUrl> <patientPrivateKey> <grantee> <scope>');
  process.exit(2);
}

const patient = new Wallet(patientKey);
const session = await signIn(backend, patient);
const network = session.network;
const { nonce } = await session.json(`/api/v1/patients/${patient.address}/nonce`);
const { domain, types } = network.eip712.consentRegistry;
// ethers derives EIP712Domain from `domain` and takes the primary type with the types it references: Grant only.
const grantTypes = { Grant: types.Grant };
const now = Math.floor(Date.now() / 1000);
const grant = {
  patient: patient.address,
  grantee,
  scope,
  action: '1',
  purpose: '1',
  expiresAt: String(now + 30 * 24 * 3600),
  nonce,
  deadline: String(now + 3600),
};
const signature = await patient.signTypedData(domain, grantTypes, grant);

const response = await session.fetch('/api/v1/grants', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ grant, signature }),
});
if (response.status !== 202) {
  console.log(await response.text());
  process.exit(1);
}
// Accepted into the outbox: follow the request until it is CONFIRMED (or FAILED), as a dApp would.
const { statusUrl } = await response.json();
const until = Date.now() + 60_000;
let request = await session.json(statusUrl);
while (request.status !== 'CONFIRMED' && request.status !== 'FAILED' && Date.now() < until) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  request = await session.json(statusUrl);
}
console.log(JSON.stringify(request));
process.exit(request.status === 'CONFIRMED' ? 0 : 1);
