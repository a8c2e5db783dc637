// Gas rows of smart-account patients for scripts/gas-report.js: a passkey account deployed by the relayer (alone,
// and with its first grant through CounterfactualAccountRelay, as the backend relays an ERC-6492 signature), grants
// signed by the passkey and by a 2-of-3 multi-signer account, and a guardian recovery.
// P-256 verification costs what the chain offers, so the passkey grant is measured on three in-process networks:
// the default one (hardfork osaka: EIP-7951's P256VERIFY at 0x100), prague with `enableRip7212` (the L2 precompile,
// same address and interface, cheaper) and plain prague (no precompile: OpenZeppelin's P256 falls back to Solidity).
const crypto = require("node:crypto");
const hre = require("hardhat");
const { ethers } = hre;
const { createProvider } = require("hardhat/internal/core/providers/construction");
const { HardhatEthersProvider } = require("@nomicfoundation/hardhat-ethers/internal/hardhat-ethers-provider");
const { READ, CATEGORY, PURPOSE_TREATMENT, GRANT_TYPES, categoryScope, domainOf } = require("../test/helpers/healthkey");
const { SoftwareAuthenticator, passkeyAccountDomain, signTypedDataAs, signedExecution } = require("../test/helpers/webauthn");
const { RECOVERY_APPROVAL_TYPES, multiSign } = require("../test/helpers/accounts");

const P256VERIFY = "0x0000000000000000000000000000000000000100";

async function inProcessNetwork(settings) {
  const hardhat = { ...hre.config.networks.hardhat, ...settings };
  const config = { ...hre.config, networks: { ...hre.config.networks, hardhat } };
  return new HardhatEthersProvider(await createProvider(config, "hardhat", hre.artifacts), "hardhat");
}

/** Whether `provider`'s chain verifies a valid P-256 signature at 0x100. */
async function hasP256Precompile(provider) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const message = Buffer.from("probe");
  const signature = crypto.sign("sha256", message, { key: privateKey, dsaEncoding: "ieee-p1363" });
  const { x, y } = publicKey.export({ format: "jwk" });
  const input = ethers.concat([crypto.createHash("sha256").update(message).digest(), signature,
    Buffer.from(x, "base64url"), Buffer.from(y, "base64url")]);
  return (await provider.call({ to: P256VERIFY, data: input })) === ethers.toBeHex(1, 32);
}

async function deploy(name, signer, args = []) {
  const factory = await ethers.getContractFactory(name, signer);
  return (await factory.deploy(...args)).waitForDeployment();
}

async function gasOf(txPromise) {
  return (await (await txPromise).wait()).gasUsed;
}

/** A category grant of `patient` to `grantee` with `nonce`, valid for a year, signable for an hour. */
async function grantOf(provider, patient, grantee, nonce) {
  const { timestamp } = await provider.getBlock("latest");
  return {
    patient, grantee, scope: categoryScope(CATEGORY.LAB), action: READ, purpose: PURPOSE_TREATMENT,
    expiresAt: BigInt(timestamp) + 86_400n * 365n, nonce, deadline: BigInt(timestamp) + 3_600n,
  };
}

/** Deploys the registries and a passkey account on `provider`; returns the gas of its deployment and a steady grant. */
async function passkeyGrant(provider) {
  const [admin, relayer, grantee, other] = await Promise.all([0, 1, 2, 3].map((i) => provider.getSigner(i)));
  const directory = await deploy("ParticipantDirectory", admin, [admin, admin]);
  const consent = await deploy("ConsentRegistry", admin, [directory]);
  const factory = await deploy("PasskeyAccountFactory", admin);
  const device = new SoftwareAuthenticator();
  const deployment = await gasOf(factory.connect(relayer).createAccount(device.qx, device.qy, ethers.ZeroHash));
  const account = (await ethers.getContractAt("PasskeyAccount",
    await factory.predictAccount(device.qx, device.qy, ethers.ZeroHash))).connect(relayer);
  const sign = (grant) => domainOf(consent).then((d) => signTypedDataAs(account, (h) => device.sign(h), d, GRANT_TYPES, grant));
  const first = await grantOf(provider, account.target, grantee.address, 0n);
  await consent.connect(relayer).grantBySig(first, await sign(first));
  const steady = await grantOf(provider, account.target, other.address, 1n);
  const grant = await gasOf(consent.connect(relayer).grantBySig(steady, await sign(steady)));
  return { deployment, grant, relayer, admin, factory, account, device, consent };
}

/** The first grant of a passkey account that does not exist yet: deployAndCall deploys it and relays the grant. */
async function deployingGrant({ relayer, admin, factory, consent }, grantee) {
  const accountRelay = await deploy("CounterfactualAccountRelay", admin);
  const device = new SoftwareAuthenticator();
  const account = await factory.predictAccount(device.qx, device.qy, ethers.ZeroHash);
  const { chainId } = await ethers.provider.getNetwork();
  const grant = await grantOf(ethers.provider, account, grantee, 0n);
  const signature = await signTypedDataAs(passkeyAccountDomain(account, chainId), (h) => device.sign(h),
    await domainOf(consent), GRANT_TYPES, grant);
  return gasOf(accountRelay.connect(relayer).deployAndCall(account, factory,
    factory.interface.encodeFunctionData("createAccount", [device.qx, device.qy, ethers.ZeroHash]), consent,
    consent.interface.encodeFunctionData("grantBySig", [grant, signature])));
}

async function accountRows(row) {
  const rip7212 = await inProcessNetwork({ hardfork: "prague", enableRip7212: true });
  const noPrecompile = await inProcessNetwork({ hardfork: "prague" });
  const expected = [[ethers.provider, true], [rip7212, true], [noPrecompile, false]];
  for (const [provider, present] of expected) {
    if ((await hasP256Precompile(provider)) !== present) throw new Error("P-256 precompile not as this table assumes");
  }
  const osaka = await passkeyGrant(ethers.provider);
  row("PasskeyAccountFactory.createAccount by the relayer (EIP-1167 clone + initialize)", osaka.deployment, "-");
  row("CounterfactualAccountRelay.deployAndCall: a passkey account's first grant, deploying it (ERC-6492 relay, osaka)",
    await deployingGrant(osaka, ethers.Wallet.createRandom().address), "-");
  row("grantBySig, relayed, steady, signed by a passkey account: P-256 by the EIP-7951 precompile (osaka)",
    osaka.grant, "-");
  row("grantBySig, relayed, steady, signed by a passkey account: P-256 by the RIP-7212 precompile (prague)",
    (await passkeyGrant(rip7212)).grant, "-");
  row("grantBySig, relayed, steady, signed by a passkey account: P-256 by the Solidity fallback (prague)",
    (await passkeyGrant(noPrecompile)).grant, "-");

  const { relayer, admin, consent } = osaka;
  const owners = [0, 1, 2].map(() => ethers.Wallet.createRandom());
  const multisig = await deploy("MultiSignerAccountMock", admin, [owners.map((o) => o.address), 2]);
  const consentDomain = await domainOf(consent);
  for (const [nonce, to] of [[0n, owners[0].address], [1n, owners[1].address]]) {
    const grant = await grantOf(ethers.provider, multisig.target, to, nonce);
    const gas = await gasOf(consent.connect(relayer).grantBySig(grant,
      await signTypedDataAs(multisig, multiSign([owners[0], owners[1]]), consentDomain, GRANT_TYPES, grant)));
    if (nonce === 1n) row("grantBySig, relayed, steady, signed by a 2-of-3 multi-signer account (ECDSA)", gas, "-");
  }

  await recoveryRows(row, osaka);
}

async function recoveryRows(row, { account, device, relayer }) {
  const guardians = [0, 1, 2].map(() => ethers.Wallet.createRandom());
  const { timestamp } = await ethers.provider.getBlock("latest");
  const deadline = BigInt(timestamp) + 86_400n * 30n;
  const setGuardians = { to: account.target, data: account.interface.encodeFunctionData("setGuardians", [guardians.map((g) => g.address), 2]) };
  row("setGuardians (3 guardians, 2 of 3) through executeWithSig, relayed",
    await gasOf(account.executeWithSig(...await signedExecution(account, device, [setGuardians], deadline))), "-");
  const newDevice = new SoftwareAuthenticator();
  const domain = await domainOf(account);
  const round = await account.recoveryRound();
  const approve = async (guardian) => gasOf(account.approveRecovery(guardian.address, newDevice.qx, newDevice.qy, deadline,
    await guardian.signTypedData(domain, RECOVERY_APPROVAL_TYPES, { round, qx: newDevice.qx, qy: newDevice.qy, deadline })));
  const firstApproval = await approve(guardians[0]);
  const scheduling = await approve(guardians[1]);
  await ethers.provider.send("evm_increaseTime", [Number(await account.DEFAULT_RECOVERY_DELAY())]);
  const execution = await gasOf(account.executeRecovery());
  row("approveRecovery, first approval (EOA guardian), relayed", firstApproval, "-");
  row("approveRecovery reaching the threshold (schedules the recovery), relayed", scheduling, "-");
  row("executeRecovery after the time lock", execution, "-");
  row("guardian recovery 2 of 3, total (2 approvals + execute)", firstApproval + scheduling + execution, "-");
}

module.exports = { accountRows };
