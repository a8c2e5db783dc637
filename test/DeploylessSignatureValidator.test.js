// "Did account A sign digest H", answered in one eth_call by a contract that is never deployed (ERC-6492), and the
// relay that deploys a counterfactual account in the transaction of its first relayed call.
const { expect } = require("chai");
const { ethers, network } = require("hardhat");
const { loadFixture } = require("@nomicfoundation/hardhat-network-helpers");
const { createPublicClient, custom } = require("viem");
const { hardhat: hardhatChain } = require("viem/chains");
const { deployHealthKey, now, ONE_DAY } = require("./helpers/fixtures");
const { READ, CATEGORY, PURPOSE_TREATMENT, GRANT_TYPES, categoryScope, domainOf, toHighS } = require("./helpers/healthkey");
const { SoftwareAuthenticator, passkeyAccountDomain, signTypedDataAs } = require("./helpers/webauthn");
const { ERC6492_MAGIC, wrapErc6492, multiSign } = require("./helpers/accounts");

describe("DeploylessSignatureValidator", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const factory = await ethers.deployContract("PasskeyAccountFactory");
    const accountRelay = await ethers.deployContract("CounterfactualAccountRelay");
    const validator = await ethers.getContractFactory("DeploylessSignatureValidator");
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const consentDomain = await domainOf(base.consent);
    const t = await now();
    const grantFor = (patient) => ({
      patient, grantee: base.provider.address, scope: categoryScope(CATEGORY.LAB), action: READ,
      purpose: PURPOSE_TREATMENT, expiresAt: t + BigInt(ONE_DAY), nonce: 0n, deadline: t + 3600n,
    });
    const digestOf = (grant, domain = consentDomain) => ethers.TypedDataEncoder.hash(domain, GRANT_TYPES, grant);

    const authenticator = new SoftwareAuthenticator();
    const salt = ethers.ZeroHash;
    const passkey = await factory.predictAccount(authenticator.qx, authenticator.qy, salt);
    const createCalldata = (a = authenticator) => factory.interface.encodeFunctionData("createAccount", [a.qx, a.qy, salt]);
    const passkeySign = async (grant, domain = consentDomain) =>
      signTypedDataAs(passkeyAccountDomain(passkey, chainId), (h) => authenticator.sign(h), domain, GRANT_TYPES, grant);
    const wrapped = async (grant, calldata = createCalldata()) =>
      wrapErc6492(await factory.getAddress(), calldata, await passkeySign(grant));

    /** The verdict: true, false, or the revert the eth_call ends with. */
    const verdict = async (signer, digest, signature) => {
      const { data } = await validator.getDeployTransaction(signer, digest, signature);
      const answer = await ethers.provider.call({ data });
      expect(answer).to.be.oneOf(["0x01", "0x00"]);
      return answer === "0x01";
    };
    const deployless = async (signer, digest, signature) =>
      ethers.provider.call({ data: (await validator.getDeployTransaction(signer, digest, signature)).data });
    return {
      ...base, factory, accountRelay, validator, chainId, consentDomain, grantFor, digestOf, authenticator, passkey,
      createCalldata, passkeySign, wrapped, verdict, deployless,
    };
  }

  describe("externally owned accounts", function () {
    it("accepts the patient's own signature, and refuses another key's, a high-s copy and a 64-byte one", async function () {
      const { patient, stranger, consentDomain, grantFor, digestOf, verdict } = await loadFixture(fixture);
      const grant = grantFor(patient.address);
      const signature = await patient.signTypedData(consentDomain, GRANT_TYPES, grant);
      expect(await verdict(patient.address, digestOf(grant), signature)).to.equal(true);
      expect(await verdict(patient.address, digestOf(grant), await stranger.signTypedData(consentDomain, GRANT_TYPES, grant)))
        .to.equal(false);
      expect(await verdict(patient.address, digestOf(grant), toHighS(signature))).to.equal(false);
      expect(await verdict(patient.address, digestOf(grant), ethers.dataSlice(signature, 0, 64))).to.equal(false);
    });

    it("refuses a signature made for another chain", async function () {
      const { patient, consentDomain, grantFor, digestOf, verdict } = await loadFixture(fixture);
      const grant = grantFor(patient.address);
      const elsewhere = { ...consentDomain, chainId: 1n };
      const signature = await patient.signTypedData(elsewhere, GRANT_TYPES, grant);
      expect(await verdict(patient.address, digestOf(grant), signature)).to.equal(false);
    });
  });

  describe("deployed ERC-1271 accounts", function () {
    it("accepts what the registry accepts for a 2-of-3 multi-signer account, and refuses one owner's signature", async function () {
      const { consent, relayer, consentDomain, grantFor, digestOf, verdict } = await loadFixture(fixture);
      const owners = [ethers.Wallet.createRandom(), ethers.Wallet.createRandom(), ethers.Wallet.createRandom()];
      const multisig = await ethers.deployContract("MultiSignerAccountMock", [owners.map((o) => o.address), 2]);
      const grant = grantFor(await multisig.getAddress());
      const two = await signTypedDataAs(multisig, multiSign([owners[0], owners[2]]), consentDomain, GRANT_TYPES, grant);
      const one = await signTypedDataAs(multisig, multiSign([owners[1]]), consentDomain, GRANT_TYPES, grant);
      expect(await verdict(grant.patient, digestOf(grant), one)).to.equal(false);
      expect(await verdict(grant.patient, digestOf(grant), two)).to.equal(true);
      await expect(consent.connect(relayer).grantBySig(grant, two)).to.emit(consent, "AccessGranted");
    });

    it("lets a wallet that answers yes to everything sign for itself only", async function () {
      const { patient, grantFor, digestOf, verdict, deployless } = await loadFixture(fixture);
      const yesWallet = await ethers.deployContract("YesWalletMock");
      const own = grantFor(await yesWallet.getAddress());
      expect(await verdict(own.patient, digestOf(own), "0x")).to.equal(true);
      const others = grantFor(patient.address);
      expect(await verdict(patient.address, digestOf(others), "0x")).to.equal(false);
      // Named as the "factory" of another account, it deploys nothing (here it even reverts: it has no fallback).
      const wrappedYes = wrapErc6492(await yesWallet.getAddress(), "0x", "0x");
      await expect(deployless(patient.address, digestOf(others), wrappedYes)).to.be.reverted;
    });
  });

  describe("counterfactual accounts (ERC-6492)", function () {
    it("accepts a passkey account's wrapped signature before deployment, as the registry does after it", async function () {
      const { consent, relayer, factory, accountRelay, passkey, grantFor, digestOf, wrapped, passkeySign, createCalldata, verdict } =
        await loadFixture(fixture);
      const grant = grantFor(passkey);
      expect(await verdict(passkey, digestOf(grant), await wrapped(grant))).to.equal(true);
      expect(await ethers.provider.getCode(passkey)).to.equal("0x");

      const inner = await passkeySign(grant);
      const call = consent.interface.encodeFunctionData("grantBySig", [grant, inner]);
      await expect(accountRelay.connect(relayer).deployAndCall(passkey, factory, createCalldata(), consent, call))
        .to.emit(consent, "AccessGranted").and.to.emit(factory, "AccountCreated");
    });

    it("judges the inner signature of a wrapper once the account exists, without calling the factory", async function () {
      const { relayer, factory, passkey, grantFor, digestOf, wrapped, createCalldata, verdict } = await loadFixture(fixture);
      await relayer.sendTransaction({ to: await factory.getAddress(), data: createCalldata() });
      const grant = grantFor(passkey);
      expect(await verdict(passkey, digestOf(grant), await wrapped(grant))).to.equal(true);
      // A wrapper naming a reverting call is not even made: the account already exists.
      const sig = wrapErc6492(await factory.getAddress(), "0xdeadbeef", ethers.dataSlice(await wrapped(grant), 0, 0));
      expect(await verdict(passkey, digestOf(grant), sig)).to.equal(false);
    });

    it("reverts with NotDeployed when the factory call deploys another account, or nothing", async function () {
      const { validator, factory, passkey, grantFor, digestOf, wrapped, createCalldata, deployless } = await loadFixture(fixture);
      const grant = grantFor(passkey);
      const another = createCalldata(new SoftwareAuthenticator());
      await expect(deployless(passkey, digestOf(grant), await wrapped(grant, another)))
        .to.be.revertedWithCustomError(validator, "DeploylessSignatureValidatorNotDeployed")
        .withArgs(passkey, await factory.getAddress());
      const notAFactory = ethers.Wallet.createRandom().address;
      const fromNowhere = wrapErc6492(notAFactory, createCalldata(), "0x");
      await expect(deployless(passkey, digestOf(grant), fromNowhere))
        .to.be.revertedWithCustomError(validator, "DeploylessSignatureValidatorNotDeployed")
        .withArgs(passkey, notAFactory);
    });

    it("reverts with FactoryFailed when the factory call reverts", async function () {
      const { validator, factory, passkey, grantFor, digestOf, wrapped, deployless } = await loadFixture(fixture);
      const grant = grantFor(passkey);
      await expect(deployless(passkey, digestOf(grant), await wrapped(grant, "0xdeadbeef")))
        .to.be.revertedWithCustomError(validator, "DeploylessSignatureValidatorFactoryFailed")
        .withArgs(await factory.getAddress(), "0x");
    });

    it("refuses a wrapper signed for another chain, garbage after the magic, and a malformed wrapper", async function () {
      const { passkey, consentDomain, grantFor, digestOf, wrapped, passkeySign, createCalldata, factory, verdict, deployless } =
        await loadFixture(fixture);
      const grant = grantFor(passkey);
      const otherChain = wrapErc6492(await factory.getAddress(), createCalldata(),
        await passkeySign(grant, { ...consentDomain, chainId: 1n }));
      expect(await verdict(passkey, digestOf(grant), otherChain)).to.equal(false);
      const trailing = ethers.concat([await wrapped(grant), "0x00"]);
      expect(await verdict(passkey, digestOf(grant), trailing)).to.equal(false);
      await expect(deployless(passkey, digestOf(grant), ethers.concat(["0x01", ERC6492_MAGIC]))).to.be.reverted;
      await expect(deployless(passkey, digestOf(grant), ERC6492_MAGIC)).to.be.reverted;
    });

    it("gives viem's ERC-6492 verdict on the same signatures", async function () {
      const { patient, stranger, consentDomain, passkey, grantFor, digestOf, wrapped, verdict } = await loadFixture(fixture);
      const client = createPublicClient({ chain: hardhatChain, transport: custom(network.provider) });
      const grant = grantFor(passkey);
      const eoaGrant = grantFor(patient.address);
      const cases = [
        [passkey, digestOf(grant), await wrapped(grant)],
        [passkey, digestOf(eoaGrant), await wrapped(grant)],
        [patient.address, digestOf(eoaGrant), await patient.signTypedData(consentDomain, GRANT_TYPES, eoaGrant)],
        [patient.address, digestOf(eoaGrant), await stranger.signTypedData(consentDomain, GRANT_TYPES, eoaGrant)],
      ];
      for (const [address, hash, signature] of cases) {
        const ours = await verdict(address, hash, signature);
        expect(await client.verifyHash({ address, hash, signature })).to.equal(ours);
      }
    });
  });

  describe("CounterfactualAccountRelay", function () {
    it("does not call the factory for an account that exists, and bubbles the target's revert", async function () {
      const { consent, relayer, factory, accountRelay, passkey, grantFor, passkeySign, createCalldata } = await loadFixture(fixture);
      await relayer.sendTransaction({ to: await factory.getAddress(), data: createCalldata() });
      const grant = grantFor(passkey);
      const call = consent.interface.encodeFunctionData("grantBySig", [grant, await passkeySign(grant)]);
      await expect(accountRelay.deployAndCall(passkey, factory, "0xdeadbeef", consent, call))
        .to.emit(consent, "AccessGranted").and.not.to.emit(factory, "AccountCreated");
      await expect(accountRelay.deployAndCall(passkey, factory, "0xdeadbeef", consent, call))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce");
    });

    it("reverts when the factory call reverts or deploys another account", async function () {
      const { consent, factory, accountRelay, passkey, createCalldata } = await loadFixture(fixture);
      await expect(accountRelay.deployAndCall(passkey, factory, "0xdeadbeef", consent, "0x")).to.be.reverted;
      await expect(accountRelay.deployAndCall(passkey, factory, createCalldata(new SoftwareAuthenticator()), consent, "0x"))
        .to.be.revertedWithCustomError(accountRelay, "CounterfactualAccountRelayNotDeployed")
        .withArgs(passkey, await factory.getAddress());
    });
  });
});
