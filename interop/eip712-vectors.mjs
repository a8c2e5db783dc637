// Writes protocol/src/test/resources/vectors/eip712.json: EIP-712 known-answer vectors made with ethers 6, an
// implementation independent of the Java one. Each vector holds the eth_signTypedData_v4 payload in the canonical
// form the Java TypedData must produce (checksummed addresses, integers as decimal strings, chainId a number),
// the encodeType, the type hash, the domain separator, the struct hash, the digest and the deterministic
// (RFC 6979) signature by a Hardhat development key. The types are written here from the Solidity structs in
// contracts/interfaces, not taken from Java.
//
// Usage: node interop/eip712-vectors.mjs [output file]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  HDNodeWallet, Mnemonic, SigningKey, TypedDataEncoder, Wallet, getAddress, id, solidityPacked, toBeHex, zeroPadValue,
} from 'ethers';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const output = process.argv[2] ?? resolve(root, 'protocol/src/test/resources/vectors/eip712.json');

// Hardhat's default accounts #0..#3. The keys are public; they are checked against the mnemonic they come from.
const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk';
const KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
];
const wallets = KEYS.map((key, index) => {
  const derived = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), `m/44'/60'/0'/0/${index}`);
  if (derived.privateKey !== key) throw new Error(`key #${index} is not Hardhat account #${index}`);
  return new Wallet(key);
});
const [a0, a1, a2, a3] = wallets.map((wallet) => wallet.address);

const TYPES = {
  Grant: [
    { name: 'patient', type: 'address' },
    { name: 'grantee', type: 'address' },
    { name: 'scope', type: 'bytes32' },
    { name: 'action', type: 'uint8' },
    { name: 'purpose', type: 'uint16' },
    { name: 'expiresAt', type: 'uint64' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
  Revocation: [
    { name: 'patient', type: 'address' },
    { name: 'grantee', type: 'address' },
    { name: 'scope', type: 'bytes32' },
    { name: 'action', type: 'uint8' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
  CancelNonces: [
    { name: 'patient', type: 'address' },
    { name: 'newNonce', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
  KeyPublication: [
    { name: 'account', type: 'address' },
    { name: 'publicKey', type: 'bytes' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
};

const consent = (chainId, verifyingContract) => ({ name: 'HealthKey ConsentRegistry', version: '1', chainId, verifyingContract });
const directory = (chainId, verifyingContract) => ({ name: 'HealthKey ParticipantDirectory', version: '1', chainId, verifyingContract });
// The first two Hardhat deployment addresses of account #0, and fixed stand-ins for a Sepolia deployment.
const CONSENT_LOCAL = consent(31337, '0x5FbDB2315678afecb367f032d93F642f64180aa3');
const DIRECTORY_LOCAL = directory(31337, '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512');
const CONSENT_SEPOLIA = consent(11155111, getAddress('0x8a791620dd6260079bf849dc5567adc3f2fdc318'));
const DIRECTORY_SEPOLIA = directory(11155111, getAddress('0x610178da211fef7d417bc0e6fed39f05609ad788'));

const scopeAll = zeroPadValue('0x', 32);
const scopeCategory = (code) => zeroPadValue(toBeHex(code), 32);
const recordId = (patient, category, serial) => solidityPacked(['address', 'uint16', 'uint80'], [patient, category, serial]);
const compressedKeyOf = (wallet) => SigningKey.computePublicKey(wallet.privateKey, true);
const UINT256_MAX = (1n << 256n) - 1n;
const UINT80_MAX = (1n << 80n) - 1n;
const INSTANT_MAX_SECONDS = 31556889864403199n; // java.time.Instant.MAX, the latest time Java can name

const cases = [
  { name: 'grant all records, READ, TREAT, local chain', signer: 0, domain: CONSENT_LOCAL, primaryType: 'Grant',
    message: { patient: a0, grantee: a1, scope: scopeAll, action: 1, purpose: 1, expiresAt: 1767225600n, nonce: 0n, deadline: 1767139200n } },
  { name: 'grant category Observation, WRITE, CAREMGT, local chain', signer: 0, domain: CONSENT_LOCAL, primaryType: 'Grant',
    message: { patient: a0, grantee: a2, scope: scopeCategory(2), action: 2, purpose: 3, expiresAt: 1798761600n, nonce: 1n, deadline: 1767139200n } },
  { name: 'grant one record, READ, ETREAT, extreme nonce and deadline', signer: 1, domain: CONSENT_LOCAL, primaryType: 'Grant',
    message: { patient: a1, grantee: a3, scope: recordId(a1, 4, 42n), action: 1, purpose: 2, expiresAt: 4102444800n, nonce: UINT256_MAX, deadline: INSTANT_MAX_SECONDS } },
  { name: 'grant record with unnamed category and largest serial, Sepolia', signer: 2, domain: CONSENT_SEPOLIA, primaryType: 'Grant',
    message: { patient: a2, grantee: a0, scope: recordId(a2, 65535, UINT80_MAX), action: 2, purpose: 10, expiresAt: 1893456000n, nonce: 7n, deadline: 0n } },
  { name: 'grant category DICOM image, COVERAGE, Sepolia', signer: 3, domain: CONSENT_SEPOLIA, primaryType: 'Grant',
    message: { patient: a3, grantee: a1, scope: scopeCategory(4097), action: 1, purpose: 10, expiresAt: 1, nonce: 123456789n, deadline: 1767139200n } },
  { name: 'revoke all records, READ, local chain', signer: 0, domain: CONSENT_LOCAL, primaryType: 'Revocation',
    message: { patient: a0, grantee: a1, scope: scopeAll, action: 1, nonce: 2n, deadline: 1767139200n } },
  { name: 'revoke one record, WRITE, Sepolia', signer: 1, domain: CONSENT_SEPOLIA, primaryType: 'Revocation',
    message: { patient: a1, grantee: a2, scope: recordId(a1, 1, 1n), action: 2, nonce: 0n, deadline: 1767139200n } },
  { name: 'cancel nonces up to 10, local chain', signer: 0, domain: CONSENT_LOCAL, primaryType: 'CancelNonces',
    message: { patient: a0, newNonce: 10n, nonce: 3n, deadline: 1767139200n } },
  { name: 'cancel only its own nonce, largest uint256, Sepolia', signer: 2, domain: CONSENT_SEPOLIA, primaryType: 'CancelNonces',
    message: { patient: a2, newNonce: UINT256_MAX, nonce: UINT256_MAX - 1n, deadline: INSTANT_MAX_SECONDS } },
  { name: 'cancel the largest jump, Sepolia', signer: 1, domain: CONSENT_SEPOLIA, primaryType: 'CancelNonces',
    message: { patient: a1, newNonce: (1n << 32n) + 5n, nonce: 5n, deadline: 0n } },
  { name: 'publish own encryption key, local chain', signer: 3, domain: DIRECTORY_LOCAL, primaryType: 'KeyPublication',
    message: { account: a3, publicKey: compressedKeyOf(wallets[3]), nonce: 0n, deadline: 1767139200n } },
  { name: 'publish another encryption key, Sepolia', signer: 0, domain: DIRECTORY_SEPOLIA, primaryType: 'KeyPublication',
    message: { account: a0, publicKey: compressedKeyOf(wallets[1]), nonce: 5n, deadline: 1767139200n } },
];

/** The eth_signTypedData_v4 payload in canonical form: checksummed addresses, chainId a number. */
function canonicalPayload(domain, types, message) {
  const payload = TypedDataEncoder.getPayload(domain, types, message);
  payload.domain.chainId = Number(payload.domain.chainId);
  payload.domain.verifyingContract = getAddress(payload.domain.verifyingContract);
  for (const field of types[payload.primaryType]) {
    if (field.type === 'address') payload.message[field.name] = getAddress(payload.message[field.name]);
  }
  return {
    types: { EIP712Domain: payload.types.EIP712Domain, [payload.primaryType]: payload.types[payload.primaryType] },
    primaryType: payload.primaryType,
    domain: payload.domain,
    message: payload.message,
  };
}

const vectors = [];
for (const { name, signer, domain, primaryType, message } of cases) {
  const types = { [primaryType]: TYPES[primaryType] };
  const encoder = TypedDataEncoder.from(types);
  const wallet = wallets[signer];
  vectors.push({
    name,
    privateKey: wallet.privateKey,
    signer: wallet.address,
    typedData: canonicalPayload(domain, types, message),
    encodeType: encoder.encodeType(primaryType),
    typeHash: id(encoder.encodeType(primaryType)),
    domainSeparator: TypedDataEncoder.hashDomain(domain),
    structHash: encoder.hashStruct(primaryType, message),
    digest: TypedDataEncoder.hash(domain, types, message),
    signature: await wallet.signTypedData(domain, types, message),
  });
}

mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify({
  generator: 'interop/eip712-vectors.mjs',
  library: 'ethers 6 (TypedDataEncoder, Wallet.signTypedData)',
  vectors,
}, null, 2) + '\n');
console.log(`wrote ${vectors.length} vectors to ${output}`);
