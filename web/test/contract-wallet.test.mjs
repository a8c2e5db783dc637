// A contract-wallet guardian's ShareTransfer (src/contract-wallet.ts, with src/crypto/recovery-kit.ts, bundled for
// Node by esbuild): the patient's page asks the guardian's contract, through the chain reader, whether the signature
// signs the transfer's EIP-712 digest. The chain node is the one fake: an ERC-1271 wallet whose owner key signs, as
// OpenZeppelin's ERC1271 examples do, answering eth_call from the calldata alone.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { build } from 'esbuild';
import { PrivateKey } from 'eciesjs';
import { decodeFunctionData, getAddress, isAddressEqual, parseAbi, recoverAddress } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

const BUNDLE = new URL('../target/contract-wallet-test.mjs', import.meta.url);
const ERC1271 = parseAbi(['function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)']);
const WALLET = getAddress('0x5a11e7000000000000000000000000000000c0de');
const hex = (value) => `0x${Buffer.from(value).toString('hex')}`;
const publicOf = (key) => hex(key.publicKey.toBytes(true));
let app;
before(async () => {
  await build({
    stdin: { contents: `export * from './src/contract-wallet'; export * from './src/crypto/recovery-kit';`,
      resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
    bundle: true, packages: 'external', format: 'esm', platform: 'node', outfile: fileURLToPath(BUNDLE),
    logLevel: 'error',
  });
  app = await import(BUNDLE);
});

/** A chain node where WALLET is an ERC-1271 contract that accepts what `owner` signed; it counts the calls. */
function chainWith(owner) {
  const node = { calls: 0 };
  node.request = async ({ method, params: [call] }) => {
    assert.equal(method, 'eth_call');
    node.calls++;
    if (!isAddressEqual(call.to, WALLET)) return '0x';
    const { args: [hash, signature] } = decodeFunctionData({ abi: ERC1271, data: call.data });
    const signer = await recoverAddress({ hash, signature }).catch(() => null);
    return `${signer && isAddressEqual(signer, owner.address) ? '0x1626ba7e' : '0xffffffff'}${'0'.repeat(56)}`;
  };
  return node;
}

/** A kit whose first guardian is WALLET, and that guardian's transfer to a new device, signed by `signer`. */
async function walletTransfer(signer, change = {}) {
  const patient = new PrivateKey();
  const walletKey = new PrivateKey();
  const device = new PrivateKey();
  const domain = app.recoveryDomain(31337, '0x5FbDB2315678afecb367f032d93F642f64180aa3');
  const kit = await app.createKit({ key: patient, patient: privateKeyToAccount(generatePrivateKey()).address,
    chainId: 31337, threshold: 2, guardians: [{ address: WALLET, encryptionKey: publicOf(walletKey) },
      { address: privateKeyToAccount(generatePrivateKey()).address, encryptionKey: publicOf(new PrivateKey()) }] });
  const transfer = app.transferShare(kit, walletKey, publicOf(device), BigInt(Math.floor(Date.now() / 1000) + 600));
  const signature = await signer.signTypedData({ domain, types: app.SHARE_TRANSFER_TYPES, primaryType: 'ShareTransfer',
    message: { ...transfer, ...change, deadline: BigInt(transfer.deadline) } });
  const verify = (node) => app.verifyTransfer(kit, domain, transfer, signature, publicOf(device),
    Math.floor(Date.now() / 1000), app.contractWalletSigned(node, domain, transfer, signature));
  return { verify };
}

test('a transfer the wallet\'s contract accepts is verified', async () => {
  const owner = privateKeyToAccount(generatePrivateKey());
  const node = chainWith(owner);
  const { verify } = await walletTransfer(owner);
  assert.equal((await verify(node)).guardian, WALLET);
  assert.equal(node.calls, 1);
});

test('a signature the contract refuses is refused', async () => {
  const owner = privateKeyToAccount(generatePrivateKey());
  const { verify } = await walletTransfer(privateKeyToAccount(generatePrivateKey()));
  await assert.rejects(verify(chainWith(owner)), app.RecoveryRefused);
});

test('the contract is asked about this transfer\'s digest: a signature of another share is refused', async () => {
  const owner = privateKeyToAccount(generatePrivateKey());
  const { verify } = await walletTransfer(owner, { share: `0x${'ab'.repeat(130)}` });
  await assert.rejects(verify(chainWith(owner)), app.RecoveryRefused);
});

test('a chain node that fails accepts nothing', async () => {
  const owner = privateKeyToAccount(generatePrivateKey());
  const { verify } = await walletTransfer(owner);
  await assert.rejects(verify({ request: async () => { throw new Error('node down'); } }), app.RecoveryRefused);
});
