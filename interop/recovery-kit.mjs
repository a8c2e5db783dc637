// The guardian recovery kit (docs/FORMAT.md, "Recovery kit"), written from the format and independent libraries,
// not from the Java: Shamir's secret sharing by the npm package shamir-secret-sharing (Privy's, audited; a pinned
// devDependency of the root package.json), ECIES by eciesjs, AES-256-GCM by node:crypto, EIP-712 by
// ethers. Used by recovery-kit.test.mjs (node --test), recovery-vectors.mjs and recovery-io.mjs (for the Java ITs).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decrypt, encrypt, PrivateKey, PublicKey } from 'eciesjs';
import { TypedDataEncoder, getAddress, verifyTypedData } from 'ethers';
import { combine, split } from 'shamir-secret-sharing';
import { fromHex, toHex } from './ecies-io.mjs';

export const MAGIC = Buffer.from('HKRK', 'ascii');
export const VERSION = 1;
export const HEADER_LENGTH = 4 + 1 + 8 + 20 + 32 + 8 + 33 + 1 + 1;
export const SHARE_LENGTH = 33;
export const WRAPPED_SHARE_LENGTH = 97 + SHARE_LENGTH;
export const GUARDIAN_LENGTH = 20 + 33 + WRAPPED_SHARE_LENGTH;
export const WRAPPED_PRIVATE_KEY_LENGTH = 12 + 32 + 16;

export { fromHex, toHex };
const equalBytes = (a, b) => Buffer.from(a).equals(Buffer.from(b));
const compressedKey = (publicKey) => {
  const key = fromHex(publicKey);
  if (key.length !== 33 || (key[0] !== 2 && key[0] !== 3)) throw new Error('not a compressed secp256k1 key');
  return key;
};

/** Encodes a kit object {chainId, patient, kitId, createdAt, patientPublicKey, threshold, guardians, wrappedPrivateKey}. */
export function encodeKit(kit) {
  return Buffer.concat([associatedData(kit), fromHex(kit.wrappedPrivateKey)]);
}

/** Every byte before the wrapped private key: its AES-GCM associated data. */
export function associatedData(kit) {
  const head = Buffer.alloc(HEADER_LENGTH);
  MAGIC.copy(head, 0);
  head[4] = VERSION;
  head.writeBigUInt64BE(BigInt(kit.chainId), 5);
  Buffer.from(fromHex(kit.patient)).copy(head, 13);
  Buffer.from(fromHex(kit.kitId)).copy(head, 33);
  head.writeBigUInt64BE(BigInt(kit.createdAt), 65);
  Buffer.from(compressedKey(kit.patientPublicKey)).copy(head, 73);
  head[106] = kit.threshold;
  head[107] = kit.guardians.length;
  return Buffer.concat([head, ...kit.guardians.map((g) => Buffer.concat([
    fromHex(g.address), compressedKey(g.encryptionKey), fromHex(g.wrappedShare)]))]);
}

/** Parses kit bytes with the rules of the format; throws on any violation. */
export function parseKit(bytes) {
  const b = Buffer.from(bytes);
  if (b.length < HEADER_LENGTH || !b.subarray(0, 4).equals(MAGIC) || b[4] !== VERSION) throw new Error('not a version 1 recovery kit');
  const n = b[107];
  if (b.length !== HEADER_LENGTH + n * GUARDIAN_LENGTH + WRAPPED_PRIVATE_KEY_LENGTH) throw new Error('kit length does not match its guardian count');
  const chainId = b.readBigUInt64BE(5);
  const createdAt = b.readBigUInt64BE(65);
  if (chainId < 1n || chainId > 2n ** 53n - 1n) throw new Error('chain id out of range');
  if (createdAt > 2n ** 53n - 1n) throw new Error('createdAt out of range');
  const kit = {
    chainId: Number(chainId),
    patient: getAddress(toHex(b.subarray(13, 33))),
    kitId: toHex(b.subarray(33, 65)),
    createdAt: Number(createdAt),
    patientPublicKey: toHex(b.subarray(73, 106)),
    threshold: b[106],
    guardians: [],
    wrappedPrivateKey: toHex(b.subarray(b.length - WRAPPED_PRIVATE_KEY_LENGTH)),
  };
  for (let i = 0, at = HEADER_LENGTH; i < n; i++, at += GUARDIAN_LENGTH) {
    kit.guardians.push({
      address: getAddress(toHex(b.subarray(at, at + 20))),
      encryptionKey: toHex(b.subarray(at + 20, at + 53)),
      wrappedShare: toHex(b.subarray(at + 53, at + GUARDIAN_LENGTH)),
    });
  }
  validate(kit);
  return kit;
}

function validate(kit) {
  const zero = '0x0000000000000000000000000000000000000000';
  if (kit.patient === zero) throw new Error('zero patient');
  if (kit.threshold < 2 || kit.guardians.length < kit.threshold) throw new Error('need 2 <= k <= n <= 255');
  const points = [kit.patientPublicKey, ...kit.guardians.map((g) => g.encryptionKey)];
  for (const point of points) checkPoint(point);
  const addresses = new Set();
  const keys = new Set();
  for (const g of kit.guardians) {
    if (g.address === zero || g.address === kit.patient) throw new Error('guardian is zero or the patient');
    if (addresses.has(g.address) || keys.has(g.encryptionKey)) throw new Error('guardian or key appears twice');
    addresses.add(g.address);
    keys.add(g.encryptionKey);
  }
}

function checkPoint(publicKey) {
  try {
    PublicKey.fromHex(publicKey.slice(2)); // decompresses the point: throws unless it is on secp256k1
  } catch {
    throw new Error('not a secp256k1 point');
  }
}

function aesGcm(key, nonce, aad) {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  return cipher;
}

/** A new kit: `threshold` of `guardians` ({address, encryptionKey}) give `patientPrivateKey` (0x hex) back. */
export async function createKit({ patientPrivateKey, patient, chainId, guardians, threshold, createdAt }) {
  const patientKey = new PrivateKey(fromHex(patientPrivateKey));
  const secret = randomBytes(32);
  const shares = await split(Uint8Array.from(secret), guardians.length, threshold);
  const kit = {
    chainId, patient: getAddress(patient), kitId: toHex(randomBytes(32)), createdAt,
    patientPublicKey: toHex(patientKey.publicKey.toBytes(true)), threshold,
    guardians: guardians.map((g, i) => ({
      address: getAddress(g.address), encryptionKey: g.encryptionKey,
      wrappedShare: toHex(encrypt(compressedKey(g.encryptionKey), shares[i])),
    })),
    wrappedPrivateKey: toHex(new Uint8Array(WRAPPED_PRIVATE_KEY_LENGTH)),
  };
  validate(kit);
  const nonce = randomBytes(12);
  const cipher = aesGcm(secret, nonce, associatedData(kit));
  const sealed = Buffer.concat([cipher.update(patientKey.secret), cipher.final(), cipher.getAuthTag()]);
  kit.wrappedPrivateKey = toHex(Buffer.concat([nonce, sealed]));
  secret.fill(0);
  return kit;
}

/** The EIP-712 domain of share transfers: chain and RecordRegistry of the deployment. */
export const recoveryDomain = (chainId, recordRegistry) => ({
  name: 'HealthKey Recovery', version: '1', chainId, verifyingContract: getAddress(recordRegistry),
});

export const SHARE_TRANSFER_TYPES = {
  ShareTransfer: [
    { name: 'kitId', type: 'bytes32' },
    { name: 'patient', type: 'address' },
    { name: 'guardian', type: 'address' },
    { name: 'recipientPublicKey', type: 'bytes' },
    { name: 'share', type: 'bytes' },
    { name: 'deadline', type: 'uint256' },
  ],
};

/** The guardian's side: its share re-wrapped for `recipientPublicKey`, as a ShareTransfer message (unsigned). */
export function transferShare(kit, guardianPrivateKey, recipientPublicKey, deadline) {
  const guardianKey = new PrivateKey(fromHex(guardianPrivateKey));
  const own = toHex(guardianKey.publicKey.toBytes(true));
  const guardian = kit.guardians.find((g) => g.encryptionKey === own);
  if (!guardian) throw new Error('not a guardian of this kit');
  const share = decrypt(guardianKey.secret, fromHex(guardian.wrappedShare));
  return {
    kitId: kit.kitId, patient: kit.patient, guardian: guardian.address, recipientPublicKey,
    share: toHex(encrypt(compressedKey(recipientPublicKey), share)), deadline: String(deadline),
  };
}

/** Signs a ShareTransfer with an ethers signer (the guardian's wallet). */
export const signTransfer = (wallet, domain, message) => wallet.signTypedData(domain, SHARE_TRANSFER_TYPES, message);

/** The EIP-712 digest of a ShareTransfer. */
export const transferDigest = (domain, message) => TypedDataEncoder.hash(domain, SHARE_TRANSFER_TYPES, message);

/** Throws unless the transfer may be used for `kit` by the holder of `recipientPublicKey` at `now` (seconds). */
export function verifyTransfer(kit, domain, message, signature, recipientPublicKey, now) {
  if (BigInt(domain.chainId) !== BigInt(kit.chainId)) throw new Error('refused: domain of another chain');
  if (message.kitId !== kit.kitId || getAddress(message.patient) !== kit.patient) throw new Error('refused: another kit');
  if (message.recipientPublicKey !== recipientPublicKey) throw new Error('refused: another recipient');
  if (BigInt(message.deadline) < BigInt(now)) throw new Error('refused: expired');
  if (!kit.guardians.some((g) => g.address === getAddress(message.guardian))) throw new Error('refused: not a guardian');
  const signer = verifyTypedData(domain, SHARE_TRANSFER_TYPES, message, signature);
  if (signer !== getAddress(message.guardian)) throw new Error(`refused: signed by ${signer}, not the guardian`);
  return message;
}

/** Rebuilds the private key (0x hex) from verified transfers with the device key; throws for every failure. */
export async function recover(kit, transfers, devicePrivateKey) {
  const fail = () => new Error('recovery failed');
  const guardians = new Set(transfers.map((t) => getAddress(t.guardian)));
  if (guardians.size !== transfers.length || transfers.some((t) => t.kitId !== kit.kitId)) throw fail();
  let privateKey;
  try {
    const shares = transfers.map((t) => decrypt(fromHex(devicePrivateKey), fromHex(t.share)));
    if (shares.some((share) => share.length !== SHARE_LENGTH)) throw fail();
    const secret = await combine(shares);
    const wrapped = fromHex(kit.wrappedPrivateKey);
    const decipher = createDecipheriv('aes-256-gcm', secret, wrapped.subarray(0, 12));
    decipher.setAAD(associatedData(kit));
    decipher.setAuthTag(wrapped.subarray(44));
    privateKey = Buffer.concat([decipher.update(wrapped.subarray(12, 44)), decipher.final()]);
  } catch {
    throw fail();
  }
  let derived;
  try {
    derived = toHex(new PrivateKey(privateKey).publicKey.toBytes(true));
  } catch {
    throw fail();
  }
  if (!equalBytes(fromHex(derived), fromHex(kit.patientPublicKey))) throw fail();
  return toHex(privateKey);
}
