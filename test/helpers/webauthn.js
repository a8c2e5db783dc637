// A software WebAuthn authenticator on node:crypto (P-256), and the signature encodings of the passkey account:
// abi.encode(WebAuthn.WebAuthnAuth) for the account's own messages, wrapped in ERC-7739 for ERC-1271 (docs/CONTRACTS.md).
const crypto = require("node:crypto");
const { ethers } = require("hardhat");

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const WEBAUTHN_AUTH_TYPES = ["bytes32", "bytes32", "uint256", "uint256", "bytes", "string"];

class SoftwareAuthenticator {
  constructor({ rpId = "healthkey.example", origin = "https://healthkey.example" } = {}) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: "jwk" });
    this.qx = ethers.hexlify(Buffer.from(jwk.x, "base64url"));
    this.qy = ethers.hexlify(Buffer.from(jwk.y, "base64url"));
    this.rpId = rpId;
    this.origin = origin;
    this.signCount = 0;
  }

  /** An assertion over `challenge` (32 bytes hex), as navigator.credentials.get returns it. */
  assert(challenge, { flags = FLAG_USER_PRESENT | FLAG_USER_VERIFIED } = {}) {
    this.signCount += 1;
    const authenticatorData = Buffer.concat([
      crypto.createHash("sha256").update(this.rpId).digest(),
      Buffer.from([flags]),
      Buffer.from(ethers.getBytes(ethers.toBeHex(this.signCount, 4))),
    ]);
    const clientDataJSON = JSON.stringify({
      type: "webauthn.get",
      challenge: Buffer.from(ethers.getBytes(challenge)).toString("base64url"),
      origin: this.origin,
      crossOrigin: false,
    });
    const signed = Buffer.concat([authenticatorData, crypto.createHash("sha256").update(clientDataJSON).digest()]);
    const der = crypto.sign("sha256", signed, { key: this.privateKey, dsaEncoding: "ieee-p1363" });
    const r = BigInt(ethers.hexlify(der.subarray(0, 32)));
    let s = BigInt(ethers.hexlify(der.subarray(32)));
    if (s > P256_N / 2n) s = P256_N - s; // the contract accepts low-s only, as browsers' signatures need not be
    return { r, s, authenticatorData, clientDataJSON };
  }

  /** The account's raw signature of `hash`: abi.encode(WebAuthnAuth). */
  sign(hash, options) {
    return encodeWebAuthnAuth(this.assert(hash, options));
  }
}

function encodeWebAuthnAuth({ r, s, authenticatorData, clientDataJSON }) {
  return ethers.AbiCoder.defaultAbiCoder().encode(WEBAUTHN_AUTH_TYPES, [
    ethers.toBeHex(r, 32), ethers.toBeHex(s, 32),
    clientDataJSON.indexOf('"challenge":"'), clientDataJSON.indexOf('"type":"webauthn.get"'),
    authenticatorData, clientDataJSON,
  ]);
}

/** The account's EIP-712 domain, every field (ERC-7739 hashes them all, salt included). */
async function accountDomainOf(account) {
  const { name, version, chainId, verifyingContract, salt } = await account.eip712Domain();
  return { name, version, chainId, verifyingContract, salt };
}

/** The domain a PasskeyAccount will have at `address`, before it is deployed (ERC-6492). */
function passkeyAccountDomain(address, chainId) {
  return { name: "HealthKey PasskeyAccount", version: "1", chainId, verifyingContract: address, salt: ethers.ZeroHash };
}

/**
 * ERC-1271 signature of the account (`accountDomain`, or the account contract) for the EIP-712 message
 * (`appDomain`, `types`, `message`) a registry verifies: ERC-7739 TypedDataSign, `rawSign(hash)` signing the
 * nested hash, which binds the account's own domain.
 */
async function signTypedDataAs(account, rawSign, appDomain, types, message) {
  const [primaryType] = Object.keys(types);
  const accountDomain = account.verifyingContract ? account : await accountDomainOf(account);
  const nestedTypes = {
    TypedDataSign: [
      { name: "contents", type: primaryType },
      { name: "name", type: "string" },
      { name: "version", type: "string" },
      { name: "chainId", type: "uint256" },
      { name: "verifyingContract", type: "address" },
      { name: "salt", type: "bytes32" },
    ],
    ...types,
  };
  const nestedHash = ethers.TypedDataEncoder.hash(appDomain, nestedTypes, { contents: message, ...accountDomain });
  const contentsType = ethers.TypedDataEncoder.from(types).encodeType(primaryType);
  return ethers.concat([
    await rawSign(nestedHash),
    ethers.TypedDataEncoder.hashDomain(appDomain),
    ethers.TypedDataEncoder.hashStruct(primaryType, types, message),
    ethers.toUtf8Bytes(contentsType),
    ethers.toBeHex(ethers.toUtf8Bytes(contentsType).length, 2),
  ]);
}

/**
 * ERC-1271 signature of `account` for an EIP-191 message (SIWE): ERC-7739 PersonalSign, the raw signature of
 * PersonalSign(bytes prefixed) in the account's own domain, whose struct hash carries the message's EIP-191 hash.
 */
async function signMessageAs(account, rawSign, message) {
  const { salt, ...domain } = await accountDomainOf(account); // OpenZeppelin's EIP712 domain has no salt
  const bytes = ethers.toUtf8Bytes(message);
  const prefixed = ethers.concat([ethers.toUtf8Bytes(`\x19Ethereum Signed Message:\n${bytes.length}`), bytes]);
  return rawSign(ethers.TypedDataEncoder.hash(domain, { PersonalSign: [{ name: "prefixed", type: "bytes" }] }, { prefixed }));
}

const EXECUTE_TYPES = {
  Execute: [
    { name: "mode", type: "bytes32" },
    { name: "executionData", type: "bytes" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};
const BATCH_MODE = ethers.zeroPadBytes("0x01", 32);

/** ERC-7821 batch of calls from the account: abi.encode((address,uint256,bytes)[]). */
function encodeCalls(calls) {
  return ethers.AbiCoder.defaultAbiCoder().encode(
    ["(address,uint256,bytes)[]"], [calls.map(({ to, value = 0n, data }) => [to, value, data])],
  );
}

/** The arguments of `account.executeWithSig` for `calls`, signed by `authenticator`. */
async function signedExecution(account, authenticator, calls, deadline, nonce = undefined) {
  const executionData = encodeCalls(calls);
  const message = {
    mode: BATCH_MODE, executionData, nonce: nonce ?? (await account.executionNonce()), deadline,
  };
  const { salt, ...domain } = await accountDomainOf(account); // OpenZeppelin's EIP712 domain has no salt
  const hash = ethers.TypedDataEncoder.hash(domain, EXECUTE_TYPES, message);
  return [BATCH_MODE, executionData, deadline, authenticator.sign(hash)];
}

module.exports = {
  P256_N, FLAG_USER_PRESENT, FLAG_USER_VERIFIED, BATCH_MODE, EXECUTE_TYPES,
  SoftwareAuthenticator, encodeWebAuthnAuth, accountDomainOf, passkeyAccountDomain, signTypedDataAs, signMessageAs, encodeCalls, signedExecution,
};
