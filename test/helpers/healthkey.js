const { ethers } = require("hardhat");

const READ = 1;
const WRITE = 2;
const CATEGORY = { LAB: 3, IMAGING: 4 };
const PURPOSE_TREATMENT = 1;
const MAX_UINT256 = ethers.MaxUint256;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const GRANT_TYPES = {
  Grant: [
    { name: "patient", type: "address" },
    { name: "grantee", type: "address" },
    { name: "scope", type: "bytes32" },
    { name: "action", type: "uint8" },
    { name: "purpose", type: "uint16" },
    { name: "expiresAt", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const REVOCATION_TYPES = {
  Revocation: [
    { name: "patient", type: "address" },
    { name: "grantee", type: "address" },
    { name: "scope", type: "bytes32" },
    { name: "action", type: "uint8" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const CANCEL_NONCES_TYPES = {
  CancelNonces: [
    { name: "patient", type: "address" },
    { name: "newNonce", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const KEY_PUBLICATION_TYPES = {
  KeyPublication: [
    { name: "account", type: "address" },
    { name: "publicKey", type: "bytes" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const APPOINTMENT_TYPES = {
  Appointment: [
    { name: "appointer", type: "address" },
    { name: "patient", type: "address" },
    { name: "caregiver", type: "address" },
    { name: "scopes", type: "bytes32[]" },
    { name: "powers", type: "uint8" },
    { name: "expiresAt", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const CAREGIVER_REVOCATION_TYPES = {
  CaregiverRevocation: [
    { name: "patient", type: "address" },
    { name: "caregiver", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const CAREGIVER_GRANT_TYPES = {
  CaregiverGrant: [{ name: "caregiver", type: "address" }, ...GRANT_TYPES.Grant],
};

const CAREGIVER_GRANT_REVOCATION_TYPES = {
  CaregiverGrantRevocation: [{ name: "caregiver", type: "address" }, ...REVOCATION_TYPES.Revocation],
};

/** Caregiver powers (bit flags). */
const POWER = { READ: 1, WRITE: 2, GRANT_REVOKE: 4, APPOINT: 8 };
const PURPOSE_ETREAT = 2;

const EMERGENCY_SETUP_TYPES = {
  EmergencySetup: [
    { name: "patient", type: "address" },
    { name: "keyholders", type: "address[]" },
    { name: "threshold", type: "uint8" },
    { name: "windowLength", type: "uint32" },
    { name: "scopes", type: "bytes32[]" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const EMERGENCY_REQUEST_TYPES = {
  EmergencyRequest: [
    { name: "requester", type: "address" },
    { name: "patient", type: "address" },
    { name: "purpose", type: "uint16" },
    { name: "reasonHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const EMERGENCY_APPROVAL_TYPES = {
  EmergencyApproval: [
    { name: "keyholder", type: "address" },
    { name: "patient", type: "address" },
    { name: "requester", type: "address" },
    { name: "round", type: "uint32" },
    { name: "deadline", type: "uint256" },
  ],
};

const EMERGENCY_CLOSURE_TYPES = {
  EmergencyClosure: [
    { name: "patient", type: "address" },
    { name: "requester", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** RecordId: patient (20 bytes) | category (uint16) | serial (uint80). */
function recordId(patient, category, serial) {
  return ethers.solidityPacked(["address", "uint16", "uint80"], [patient, category, serial]);
}

function categoryScope(category) {
  return ethers.zeroPadValue(ethers.toBeHex(category), 32);
}

async function domainOf(contract) {
  const { name, version, chainId, verifyingContract } = await contract.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

/** Same signature with s' = n - s and v flipped: the same signer, but malleable (high-s). */
function toHighS(signature) {
  const sig = ethers.Signature.from(signature);
  const highS = ethers.toBeHex(SECP256K1_N - BigInt(sig.s), 32);
  const v = sig.v === 27 ? 28 : 27;
  return ethers.concat([sig.r, highS, ethers.toBeHex(v, 1)]);
}

function withFlippedV(signature) {
  const bytes = ethers.getBytes(signature);
  bytes[64] = bytes[64] === 27 ? 28 : 27;
  return ethers.hexlify(bytes);
}

function compressedKey(wallet) {
  return ethers.SigningKey.computePublicKey(wallet.signingKey.publicKey, true);
}

// A read receipt leaf for @openzeppelin/merkle-tree's StandardMerkleTree (docs/FORMAT.md, "Read receipts"):
// salt, readId, patient, reader, recordId, readAt, allowed, count.
const READ_RECEIPT_LEAF_TYPES = ["bytes32", "uint64", "address", "address", "bytes32", "uint64", "bool", "uint64"];

module.exports = {
  READ, WRITE, CATEGORY, PURPOSE_TREATMENT, MAX_UINT256, SECP256K1_N,
  GRANT_TYPES, REVOCATION_TYPES, CANCEL_NONCES_TYPES, KEY_PUBLICATION_TYPES, READ_RECEIPT_LEAF_TYPES,
  APPOINTMENT_TYPES, CAREGIVER_REVOCATION_TYPES, CAREGIVER_GRANT_TYPES, CAREGIVER_GRANT_REVOCATION_TYPES, POWER,
  PURPOSE_ETREAT, EMERGENCY_SETUP_TYPES, EMERGENCY_REQUEST_TYPES, EMERGENCY_APPROVAL_TYPES, EMERGENCY_CLOSURE_TYPES,
  recordId, categoryScope, domainOf, toHighS, withFlippedV, compressedKey,
};
