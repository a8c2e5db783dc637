// The recovery kit in the browser (docs/FORMAT.md, "Recovery kit"; the emergency kit has the same bytes): k of n
// guardians give a secp256k1 private key back. Shamir's secret sharing by shamir-secret-sharing 0.0.4 (the package the
// format names), shares wrapped with eciesjs, the key sealed with WebCrypto AES-256-GCM under the kit's bytes as
// associated data, ShareTransfers typed and checked with viem. The format's rules are the Java reader's
// (RecoveryKit.parse) and interop/recovery-kit.mjs's; web/test/recovery-kit.test.mjs holds this file to both.
import { PrivateKey, PublicKey, decrypt, encrypt } from 'eciesjs';
import { combine, split } from 'shamir-secret-sharing';
import { type Address, getAddress, isAddressEqual, recoverTypedDataAddress, zeroAddress } from 'viem';
import { type Bytes, type Hex, concat, fromHex, randomBytes, toHex } from './bytes';

const MAGIC = [0x48, 0x4b, 0x52, 0x4b]; // "HKRK"
const VERSION = 1;
const HEADER_LENGTH = 108;
const SHARE_LENGTH = 33;
const WRAPPED_SHARE_LENGTH = 97 + SHARE_LENGTH;
const GUARDIAN_LENGTH = 20 + 33 + WRAPPED_SHARE_LENGTH;
const WRAPPED_PRIVATE_KEY_LENGTH = 12 + 32 + 16;
const LARGEST_SAFE_INTEGER = 2n ** 53n - 1n;

export interface KitGuardian { address: Address; encryptionKey: Hex; wrappedShare: Hex }

/** A parsed kit: every field of the version 1 layout. */
export interface Kit {
  chainId: number;
  patient: Address;
  kitId: Hex;
  createdAt: number;
  patientPublicKey: Hex;
  threshold: number;
  guardians: KitGuardian[];
  wrappedPrivateKey: Hex;
}

/** Bytes that are not a kit this format accepts; the message names the rule, never the bytes. */
export class KitInvalid extends Error {}

/** A transfer that may not be used, or shares that give no key: never a wrong key. */
export class RecoveryRefused extends Error {}

/** The ShareTransfer message, as the API and eth_signTypedData_v4 carry it. */
export interface ShareTransfer {
  kitId: Hex;
  patient: Address;
  guardian: Address;
  recipientPublicKey: Hex;
  share: Hex;
  deadline: string;
}

export const SHARE_TRANSFER_TYPES = {
  ShareTransfer: [
    { name: 'kitId', type: 'bytes32' },
    { name: 'patient', type: 'address' },
    { name: 'guardian', type: 'address' },
    { name: 'recipientPublicKey', type: 'bytes' },
    { name: 'share', type: 'bytes' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const;

export interface RecoveryDomain { name: 'HealthKey Recovery'; version: '1'; chainId: number; verifyingContract: Address }

/** The EIP-712 domain of share transfers: the chain, and the RecordRegistry of GET /network. */
export const recoveryDomain = (chainId: number, recordRegistry: string): RecoveryDomain =>
  ({ name: 'HealthKey Recovery', version: '1', chainId, verifyingContract: getAddress(recordRegistry) });

/** The exact JSON eth_signTypedData_v4 takes for a transfer (Wallet.signTypedData). */
export const shareTransferTypedData = (domain: RecoveryDomain, message: ShareTransfer) => ({
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    ...SHARE_TRANSFER_TYPES,
  },
  primaryType: 'ShareTransfer' as const,
  domain,
  message,
});

const compressedKey = (hex: string): Bytes => {
  const key = fromHex(hex);
  if (key.length !== 33 || (key[0] !== 2 && key[0] !== 3)) throw new KitInvalid('a key is not a compressed secp256k1 key');
  try {
    PublicKey.fromHex(hex.slice(2)); // decompresses the point: throws unless it is on the curve
  } catch {
    throw new KitInvalid('a key is not a secp256k1 point');
  }
  return key;
};

const uint64 = (value: number | bigint): Bytes => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
};

/** Every byte before the wrapped private key: its AES-GCM associated data. */
function associatedData(kit: Kit): Bytes {
  return concat(
    Uint8Array.from(MAGIC), Uint8Array.of(VERSION), uint64(kit.chainId), fromHex(kit.patient), fromHex(kit.kitId),
    uint64(kit.createdAt), compressedKey(kit.patientPublicKey), Uint8Array.of(kit.threshold, kit.guardians.length),
    ...kit.guardians.map((g) => concat(fromHex(g.address), compressedKey(g.encryptionKey), fromHex(g.wrappedShare))));
}

export const encodeKit = (kit: Kit): Bytes => concat(associatedData(kit), fromHex(kit.wrappedPrivateKey));

function validate(kit: Kit): Kit {
  if (isAddressEqual(kit.patient, zeroAddress)) throw new KitInvalid('the patient is the zero address');
  if (kit.threshold < 2 || kit.guardians.length < kit.threshold || kit.guardians.length > 255) {
    throw new KitInvalid('a kit needs 2 <= k <= n <= 255');
  }
  compressedKey(kit.patientPublicKey);
  const addresses = new Set<string>();
  const keys = new Set<string>();
  for (const g of kit.guardians) {
    compressedKey(g.encryptionKey);
    if (isAddressEqual(g.address, zeroAddress) || isAddressEqual(g.address, kit.patient)) {
      throw new KitInvalid('a guardian is the zero address or the patient');
    }
    const address = g.address.toLowerCase();
    const key = g.encryptionKey.toLowerCase();
    if (addresses.has(address) || keys.has(key)) throw new KitInvalid('a guardian or a key appears twice');
    addresses.add(address);
    keys.add(key);
  }
  return kit;
}

/** Parses kit bytes with every rule of the format; throws KitInvalid on any violation. */
export function parseKit(bytes: Uint8Array): Kit {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < HEADER_LENGTH || MAGIC.some((b, i) => bytes[i] !== b) || bytes[4] !== VERSION) {
    throw new KitInvalid('not a version 1 kit');
  }
  const n = bytes[107]!;
  if (bytes.length !== HEADER_LENGTH + n * GUARDIAN_LENGTH + WRAPPED_PRIVATE_KEY_LENGTH) {
    throw new KitInvalid('the length does not match the guardian count');
  }
  const chainId = view.getBigUint64(5);
  const createdAt = view.getBigUint64(65);
  if (chainId < 1n || chainId > LARGEST_SAFE_INTEGER || createdAt > LARGEST_SAFE_INTEGER) {
    throw new KitInvalid('the chain id or the time is out of range');
  }
  const slice = (from: number, length: number): Hex => toHex(bytes.subarray(from, from + length));
  const guardians: KitGuardian[] = [];
  for (let i = 0, at = HEADER_LENGTH; i < n; i++, at += GUARDIAN_LENGTH) {
    guardians.push({ address: getAddress(slice(at, 20)), encryptionKey: slice(at + 20, 33),
      wrappedShare: slice(at + 53, WRAPPED_SHARE_LENGTH) });
  }
  return validate({
    chainId: Number(chainId), patient: getAddress(slice(13, 20)), kitId: slice(33, 32), createdAt: Number(createdAt),
    patientPublicKey: slice(73, 33), threshold: bytes[106]!, guardians,
    wrappedPrivateKey: slice(bytes.length - WRAPPED_PRIVATE_KEY_LENGTH, WRAPPED_PRIVATE_KEY_LENGTH),
  });
}

const aesKey = (secret: Bytes, usage: KeyUsage) =>
  crypto.subtle.importKey('raw', secret, 'AES-GCM', false, [usage]);

/** A new kit: `threshold` of `guardians` (their addresses and encryption keys, read from the chain) give `key` back. */
export async function createKit(args: {
  key: PrivateKey; patient: string; chainId: number; threshold: number;
  guardians: { address: string; encryptionKey: string }[]; createdAt?: number;
}): Promise<Kit> {
  const secret = randomBytes(32);
  const shares = await split(secret, args.guardians.length, args.threshold);
  const kit = validate({
    chainId: args.chainId, patient: getAddress(args.patient), kitId: toHex(randomBytes(32)),
    createdAt: args.createdAt ?? Math.floor(Date.now() / 1000), patientPublicKey: toHex(args.key.publicKey.toBytes(true)),
    threshold: args.threshold,
    guardians: args.guardians.map((g, i) => ({ address: getAddress(g.address), encryptionKey: g.encryptionKey as Hex,
      wrappedShare: toHex(encrypt(compressedKey(g.encryptionKey), shares[i]!)) })),
    wrappedPrivateKey: toHex(new Uint8Array(WRAPPED_PRIVATE_KEY_LENGTH)),
  });
  const nonce = randomBytes(12);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: associatedData(kit) },
    await aesKey(secret, 'encrypt'), new Uint8Array(args.key.secret));
  secret.fill(0);
  return { ...kit, wrappedPrivateKey: toHex(concat(nonce, new Uint8Array(sealed))) };
}

/** The guardian's side: its share opened with its own key and wrapped again for `recipientPublicKey` (unsigned). */
export function transferShare(kit: Kit, guardianKey: PrivateKey, recipientPublicKey: string, deadline: bigint)
    : ShareTransfer {
  const own = toHex(guardianKey.publicKey.toBytes(true));
  const guardian = kit.guardians.find((g) => g.encryptionKey.toLowerCase() === own);
  if (!guardian) throw new RecoveryRefused('this key is not a guardian key of the kit');
  const share = decrypt(guardianKey.secret, fromHex(guardian.wrappedShare));
  return { kitId: kit.kitId, patient: kit.patient, guardian: guardian.address,
    recipientPublicKey: toHex(compressedKey(recipientPublicKey)),
    share: toHex(encrypt(compressedKey(recipientPublicKey), share)), deadline: deadline.toString() };
}

/**
 * Throws RecoveryRefused unless the transfer may be used for `kit` by the holder of `recipientPublicKey` at `now`
 * (Unix seconds). an externally owned
 * account is checked here by recovery; a contract-wallet guardian (a passkey account) by `contractWalletSigned`, the
 * caller's ERC-1271 call.
 */
export async function verifyTransfer(kit: Kit, domain: RecoveryDomain, transfer: ShareTransfer, signature: Hex,
    recipientPublicKey: string, now: number,
    contractWalletSigned?: (guardian: Address) => Promise<boolean>): Promise<ShareTransfer> {
  if (BigInt(domain.chainId) !== BigInt(kit.chainId)) throw new RecoveryRefused('signed for another chain');
  if (transfer.kitId.toLowerCase() !== kit.kitId || !isAddressEqual(transfer.patient, kit.patient)) {
    throw new RecoveryRefused('a transfer of another kit');
  }
  if (transfer.recipientPublicKey.toLowerCase() !== recipientPublicKey.toLowerCase()) {
    throw new RecoveryRefused('a transfer for another key');
  }
  if (BigInt(transfer.deadline) < BigInt(now)) throw new RecoveryRefused('the transfer expired');
  if (!kit.guardians.some((g) => isAddressEqual(g.address, transfer.guardian))) {
    throw new RecoveryRefused('not from a guardian of the kit');
  }
  const signer = await recoverTypedDataAddress({ domain, types: SHARE_TRANSFER_TYPES, primaryType: 'ShareTransfer',
    message: { ...transfer, deadline: BigInt(transfer.deadline) }, signature }).catch(() => null);
  if (signer && isAddressEqual(signer, transfer.guardian)) return transfer;
  if (contractWalletSigned && await contractWalletSigned(getAddress(transfer.guardian))) return transfer;
  throw new RecoveryRefused('not signed by the guardian');
}

/** The private key from verified transfers, opened with the device key: throws RecoveryRefused, never a wrong key. */
export async function recoverKey(kit: Kit, transfers: ShareTransfer[], deviceKey: PrivateKey): Promise<PrivateKey> {
  const refused = () => new RecoveryRefused('these transfers do not give the key back');
  const guardians = new Set(transfers.map((t) => t.guardian.toLowerCase()));
  if (guardians.size !== transfers.length || transfers.length < kit.threshold
      || transfers.some((t) => t.kitId.toLowerCase() !== kit.kitId)) throw refused();
  let key: PrivateKey;
  try {
    const shares = transfers.map((t) => new Uint8Array(decrypt(deviceKey.secret, fromHex(t.share))));
    if (shares.some((share) => share.length !== SHARE_LENGTH)) throw refused();
    const secret = new Uint8Array(await combine(shares));
    const wrapped = fromHex(kit.wrappedPrivateKey);
    const opened = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: wrapped.subarray(0, 12),
      additionalData: associatedData(kit) }, await aesKey(secret, 'decrypt'), wrapped.subarray(12));
    secret.fill(0);
    key = new PrivateKey(new Uint8Array(opened));
  } catch {
    throw refused();
  }
  if (toHex(key.publicKey.toBytes(true)) !== kit.patientPublicKey.toLowerCase()) throw refused();
  return key;
}
