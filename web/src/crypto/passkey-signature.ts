// How a passkey account signs (docs/CONTRACTS.md, "Signature encodings"): a WebAuthn assertion becomes the account's
// raw signature, OpenZeppelin's WebAuthnAuth tuple; the registries' EIP-712 messages and SIWE are signed through
// ERC-7739 (viem's erc7739 hashes and wrapper: the hash the passkey signs names this account, so a signature for one
// account never passes for another of the same passkey); before the account exists, ERC-6492 wraps the signature
// with the factory call that deploys it (the relayer deploys it on the first relay).
import { type Address, type Hex, type TypedDataDefinition, bytesToHex, encodeAbiParameters, encodeFunctionData,
  encodePacked, getContractAddress, getTypesForEIP712Domain, hashDomain, hashStruct, keccak256, parseAbi,
  serializeErc6492Signature, size, stringToHex, zeroHash } from 'viem';
import { hashMessage, hashTypedData } from 'viem/experimental/erc7739';

/** The order of P-256: the account takes only s <= n / 2, which a browser's signature need not be. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const FACTORY_ABI = parseAbi(['function createAccount(bytes32 qx, bytes32 qy, bytes32 salt) returns (address)']);

/** A passkey's public key, the account's one signer. */
export interface PasskeyKey { qx: Hex; qy: Hex }

/** What `navigator.credentials.get` answers, as bytes: the signature is ASN.1 DER, as WebAuthn gives it. */
export interface Assertion { signature: Uint8Array; authenticatorData: Uint8Array; clientDataJSON: Uint8Array }

/** The account's EIP-712 domain at `address` (the same before and after it is deployed). */
export const accountDomain = (address: Address, chainId: number) =>
  ({ name: 'HealthKey PasskeyAccount', version: '1', chainId, verifyingContract: address, salt: zeroHash }) as const;

/** r and s of a DER ECDSA signature, s made low (n - s), as the account requires. */
export function lowS(der: Uint8Array): { r: bigint; s: bigint } {
  const integer = (at: number): [bigint, number] => {
    if (der[at] !== 0x02) throw new RangeError('not a DER ECDSA signature');
    const length = der[at + 1]!;
    const bytes = der.subarray(at + 2, at + 2 + length);
    if (length < 1 || length > 33 || bytes.length !== length) throw new RangeError('not a DER ECDSA signature');
    return [BigInt(bytesToHex(bytes)), at + 2 + length];
  };
  if (der[0] !== 0x30 || der[1] !== der.length - 2) throw new RangeError('not a DER ECDSA signature');
  const [r, next] = integer(2);
  const [s, end] = integer(next);
  if (end !== der.length || r < 1n || r >= P256_N || s < 1n || s >= P256_N) {
    throw new RangeError('not a DER ECDSA signature');
  }
  return { r, s: s > P256_N / 2n ? P256_N - s : s };
}

/**
 * The account's raw signature of an assertion: abi.encode(bytes32 r, bytes32 s, uint256 challengeIndex,
 * uint256 typeIndex, bytes authenticatorData, string clientDataJSON), the indexes those of `"challenge":"` and
 * `"type":"webauthn.get"` in the client data.
 */
export function webAuthnAuth(assertion: Assertion): Hex {
  const { r, s } = lowS(assertion.signature);
  const clientDataJSON = new TextDecoder().decode(assertion.clientDataJSON);
  const challengeIndex = clientDataJSON.indexOf('"challenge":"');
  const typeIndex = clientDataJSON.indexOf('"type":"webauthn.get"');
  if (challengeIndex < 0 || typeIndex < 0) throw new RangeError('not the client data of a WebAuthn assertion');
  return encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'uint256' },
    { type: 'bytes' }, { type: 'string' }], [`0x${r.toString(16).padStart(64, '0')}`,
    `0x${s.toString(16).padStart(64, '0')}`, BigInt(challengeIndex), BigInt(typeIndex),
    bytesToHex(assertion.authenticatorData), clientDataJSON]);
}

/** The hash the passkey signs for `typedData` (a registry's Grant, KeyPublication, ...): ERC-7739 TypedDataSign. */
export function typedDataChallenge(typedData: TypedDataDefinition, account: Address, chainId: number): Hex {
  return hashTypedData({ ...typedData, verifierDomain: accountDomain(account, chainId) } as never);
}

type Types = Record<string, readonly { name: string; type: string }[]>;

/**
 * ERC-7739's contentsDescr: EIP-712's encodeType of `primary` and the struct types it uses, sorted by name, and
 * `primary`'s name after them when another type sorts before it (the explicit mode).
 */
export function contentsDescription(types: Types, primary: string): string {
  const used = new Set<string>();
  const visit = (type: string) => {
    const name = type.replace(/\[\d*\]$/, '');
    if (name !== type) return visit(name);
    if (!types[name] || used.has(name)) return;
    used.add(name);
    types[name].forEach((member) => visit(member.type));
  };
  visit(primary);
  const sorted = [...used].sort();
  const encoded = sorted.map((name) => `${name}(${types[name]!.map((m) => `${m.type} ${m.name}`).join(',')})`).join('');
  return sorted[0] === primary ? encoded : `${encoded}${primary}`;
}

/**
 * The ERC-1271 signature of `typedData`: the raw signature, ERC-7739-wrapped (raw ‖ the app's domain separator ‖
 * the contents' hashStruct ‖ contentsDescr ‖ its length in two bytes). Not viem's wrapTypedDataSignature, which
 * brings a second copy of the secp256k1 code into the bundle for a signature object the app never has.
 */
export function typedDataSignature(typedData: TypedDataDefinition, raw: Hex): Hex {
  const { domain = {}, types, primaryType, message } = typedData as unknown as { domain?: Record<string, unknown>;
    types: Types; primaryType: string; message: Record<string, unknown> };
  const description = stringToHex(contentsDescription(types, primaryType));
  return encodePacked(['bytes', 'bytes32', 'bytes32', 'bytes', 'uint16'], [raw,
    hashDomain({ domain, types: { EIP712Domain: getTypesForEIP712Domain({ domain }) } } as never),
    hashStruct({ data: message, types, primaryType } as never), description, size(description)]);
}

/** The hash the passkey signs for an EIP-191 message (SIWE): ERC-7739 PersonalSign; its raw signature is the answer. */
export const messageChallenge = (message: string, account: Address, chainId: number): Hex =>
  hashMessage({ message, verifierDomain: accountDomain(account, chainId) });

/**
 * The account's address before it exists: OpenZeppelin's Clones.predictDeterministicAddress of the factory's
 * implementation, under the salt keccak256(abi.encode(qx, qy, salt)) the factory uses.
 */
export function predictAccount(factory: Address, implementation: Address, key: PasskeyKey, salt: Hex = zeroHash)
    : Address {
  const proxy = `0x3d602d80600a3d3981f3363d3d373d3d3d363d73${implementation.slice(2).toLowerCase()}`
    + '5af43d82803e903d91602b57fd5bf3' as Hex;
  const cloneSalt = keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }],
    [key.qx, key.qy, salt]));
  return getContractAddress({ opcode: 'CREATE2', from: factory, salt: cloneSalt, bytecode: proxy });
}

/** `signature` wrapped for an account not deployed yet (ERC-6492): the factory call that deploys it comes along. */
export function undeployed(factory: Address, key: PasskeyKey, signature: Hex, salt: Hex = zeroHash): Hex {
  return serializeErc6492Signature({ address: factory, signature,
    data: encodeFunctionData({ abi: FACTORY_ABI, functionName: 'createAccount', args: [key.qx, key.qy, salt] }) });
}
