// Passkey accounts through PasskeyAccountFactory, and the off-chain side of ERC-6492 (docs/CONTRACTS.md).
const crypto = require("node:crypto");
const { ethers } = require("hardhat");

const ERC6492_MAGIC = "0x6492649264926492649264926492649264926492649264926492649264926492";

/** CREATE2 address of the factory's clone for (qx, qy, salt), computed without asking the factory. */
function predictAccountAddress(factoryAddress, implementation, qx, qy, salt) {
  const cloneSalt = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32", "bytes32"], [qx, qy, salt]));
  const initCode = ethers.concat([
    "0x3d602d80600a3d3981f3363d3d373d3d3d363d73", implementation, "0x5af43d82803e903d91602b57fd5bf3",
  ]);
  return ethers.getCreate2Address(factoryAddress, cloneSalt, ethers.keccak256(initCode));
}

/** Deploys (through `relayer`) the account of `authenticator` and returns it, connected to `relayer`. */
async function deployPasskeyAccount(factory, authenticator, relayer, salt = ethers.ZeroHash) {
  await factory.connect(relayer).createAccount(authenticator.qx, authenticator.qy, salt);
  const address = await factory.predictAccount(authenticator.qx, authenticator.qy, salt);
  return ethers.getContractAt("PasskeyAccount", address, relayer);
}

/** ERC-6492: abi.encode(factory, factoryCalldata, signature) ++ magic, for an account not deployed yet. */
function wrapErc6492(factoryAddress, factoryCalldata, signature) {
  return ethers.concat([
    ethers.AbiCoder.defaultAbiCoder().encode(["address", "bytes", "bytes"], [factoryAddress, factoryCalldata, signature]),
    ERC6492_MAGIC,
  ]);
}

function unwrapErc6492(wrapped) {
  if (ethers.dataSlice(wrapped, -32) !== ERC6492_MAGIC) return null;
  const [factory, factoryCalldata, signature] = ethers.AbiCoder.defaultAbiCoder()
    .decode(["address", "bytes", "bytes"], ethers.dataSlice(wrapped, 0, -32));
  return { factory, factoryCalldata, signature };
}

/** The EOA signature of a raw 32-byte hash, as multi-signer accounts verify it. */
function rawEcdsa(wallet, hash) {
  return wallet.signingKey.sign(hash).serialized;
}

/** MultiSignerERC7913's signature: abi.encode(bytes[] signers, bytes[] signatures); an EOA signer is its address. */
function multiSign(wallets) {
  return (hash) => ethers.AbiCoder.defaultAbiCoder().encode(["bytes[]", "bytes[]"],
    [wallets.map((w) => w.address), wallets.map((w) => rawEcdsa(w, hash))]);
}

/** A guardian's approval of a new passkey, EIP-712 in the account's domain. */
const RECOVERY_APPROVAL_TYPES = {
  RecoveryApproval: [
    { name: "round", type: "uint64" },
    { name: "qx", type: "bytes32" },
    { name: "qy", type: "bytes32" },
    { name: "deadline", type: "uint256" },
  ],
};

/** A random P-256 public key nobody uses. */
function randomP256Key() {
  const jwk = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey.export({ format: "jwk" });
  return { qx: ethers.hexlify(Buffer.from(jwk.x, "base64url")), qy: ethers.hexlify(Buffer.from(jwk.y, "base64url")) };
}

module.exports = {
  ERC6492_MAGIC, RECOVERY_APPROVAL_TYPES, predictAccountAddress, deployPasskeyAccount, wrapErc6492, unwrapErc6492,
  rawEcdsa, multiSign, randomP256Key,
};
