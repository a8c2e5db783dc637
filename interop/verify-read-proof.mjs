// A patient's dApp checks a read receipt with nothing but ethers 6, @openzeppelin/merkle-tree and the API: signs in
// (EIP-4361), fetches /api/v1/patients/{me}/reads/{readId}/proof, reads the batch's root from the chain itself
// (ReadReceiptRoots.batchOf at the address the proof names and /api/v1/network confirms), and verifies the proof
// with StandardMerkleTree.verify and with the contract's own verify (which takes the receipt's fields, never a hash).
// Then it checks that changed receipts, a changed proof element, an inner node in the receipt's place and the proof
// checked against another batch are rejected, by StandardMerkleTree and by the contract.
// Usage: node verify-read-proof.mjs <backendUrl> <patientPrivateKey> <readId> <rpcUrl>
// Prints a JSON summary; exits 1 if the genuine proof does not verify or a forgery does.
import { Contract, JsonRpcProvider, Wallet, concat, getAddress, hexlify, keccak256, randomBytes } from 'ethers';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { signIn } from './dapp-session.mjs';

const ROOTS_ABI = [
  'function batchCount() view returns (uint64)',
  'function batchOf(uint64 batch) view returns '
    + '((bytes32 root, uint64 leafCount, uint64 firstReadId, uint64 lastReadId, uint64 publishedAt))',
  'function verify(uint64 batch, (bytes32 salt, uint64 readId, address patient, address reader, bytes32 recordId, '
    + 'uint64 readAt, bool allowed, uint64 count) receipt, bytes32[] proof) view returns (bool)',
];

/** MerkleProof's sorted-pair hash. */
const hashPair = (a, b) => keccak256(BigInt(a) <= BigInt(b) ? concat([a, b]) : concat([b, a]));

const [backend, patientKey, readId, rpcUrl] = process.argv.slice(2);
if (!rpcUrl) {
  console.error('usage: verify-read-proof.mjs <backendUrl> <patientPrivateKey> <readId> <rpcUrl>');
  process.exit(2);
}

const patient = new Wallet(patientKey);
const session = await signIn(backend, patient);
const proof = await session.json(`/api/v1/patients/${patient.address}/reads/${readId}/proof`);
if (getAddress(proof.contract) !== getAddress(session.network.contracts.readReceiptRoots)) {
  throw new Error(`the proof names ${proof.contract}, the network ${session.network.contracts.readReceiptRoots}`);
}

const { leaf, leafTypes } = proof;
const values = [leaf.salt, leaf.readId, leaf.patient, leaf.reader, leaf.recordId, leaf.readAt, leaf.allowed,
  leaf.count];
const roots = new Contract(proof.contract, ROOTS_ABI, new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true }));
const onChain = await roots.batchOf(proof.batch.number);
const chainRoot = onChain.root;
const leafHash = StandardMerkleTree.of([values], leafTypes).leafHash(values);

const mutants = [];
const withField = (index, value) => values.map((v, i) => (i === index ? value : v));
mutants.push(['allowed flipped', withField(6, !leaf.allowed), proof.proof]);
mutants.push(['readId + 1', withField(1, String(BigInt(leaf.readId) + 1n)), proof.proof]);
mutants.push(['readAt - 1', withField(5, String(BigInt(leaf.readAt) - 1n)), proof.proof]);
mutants.push(['other reader', withField(3, hexlify(randomBytes(20))), proof.proof]);
mutants.push(['other salt', withField(0, hexlify(randomBytes(32))), proof.proof]);
mutants.push(['count + 1', withField(7, String(BigInt(leaf.count) + 1n)), proof.proof]);
if (proof.proof.length > 0) {
  // The second pre-image: the leaf's parent reaches the root with the rest of the proof; as a field it must not.
  const parent = hashPair(leafHash, proof.proof[0]);
  mutants.push(['inner node as the salt', withField(0, parent), proof.proof.slice(1)]);
  mutants.push(['proof element changed', values, [hexlify(randomBytes(32)), ...proof.proof.slice(1)]]);
  mutants.push(['proof truncated', values, proof.proof.slice(0, -1)]);
}
const accepted = [];
for (const [name, forged, forgedProof] of mutants) {
  if (StandardMerkleTree.verify(chainRoot, leafTypes, forged, forgedProof)) accepted.push(`${name} (merkle-tree)`);
  if (await roots.verify(proof.batch.number, forged, forgedProof)) accepted.push(`${name} (contract)`);
}
const batchCount = await roots.batchCount();
const otherBatch = BigInt(proof.batch.number) > 1n ? BigInt(proof.batch.number) - 1n
  : (batchCount > 1n ? 2n : null);
if (otherBatch !== null && await roots.verify(otherBatch, values, proof.proof)) accepted.push('another batch');

const summary = {
  patient: patient.address,
  batch: proof.batch.number,
  chainRoot,
  rootMatchesApi: chainRoot === proof.batch.root,
  leafHashMatchesApi: leafHash === proof.leafHash,
  verified: StandardMerkleTree.verify(chainRoot, leafTypes, values, proof.proof),
  contractVerified: await roots.verify(proof.batch.number, values, proof.proof),
  chainBatchCount: String(batchCount),
  mutantsTried: 2 * mutants.length + (otherBatch === null ? 0 : 1),
  mutantsAccepted: accepted,
};
console.log(JSON.stringify(summary));
const genuine = summary.verified && summary.contractVerified && summary.rootMatchesApi && summary.leafHashMatchesApi;
if (!genuine || accepted.length > 0) process.exitCode = 1;
