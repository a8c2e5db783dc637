// "Any ERC-1271 wallet": OpenZeppelin's multi-signer account, and what a wallet that says yes to everything can do.
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture } = require("@nomicfoundation/hardhat-network-helpers");
const { deployHealthKey, now, ONE_DAY } = require("./helpers/fixtures");
const {
  READ, CATEGORY, PURPOSE_TREATMENT, GRANT_TYPES, REVOCATION_TYPES, KEY_PUBLICATION_TYPES,
  categoryScope, domainOf, compressedKey,
} = require("./helpers/healthkey");
const { SoftwareAuthenticator, signTypedDataAs, signedExecution } = require("./helpers/webauthn");
const { deployPasskeyAccount, multiSign } = require("./helpers/accounts");

describe("Contract wallets", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const owners = [ethers.Wallet.createRandom(), ethers.Wallet.createRandom(), ethers.Wallet.createRandom()];
    const multisig = await ethers.deployContract("MultiSignerAccountMock", [owners.map((o) => o.address), 2]);
    const yesWallet = await ethers.deployContract("YesWalletMock");
    const t = await now();
    const deadline = t + 3600n;
    const grantFor = (patient) => ({
      patient, grantee: base.provider.address, scope: categoryScope(CATEGORY.LAB), action: READ,
      purpose: PURPOSE_TREATMENT, expiresAt: t + BigInt(ONE_DAY), nonce: 0n, deadline,
    });
    const consentDomain = await domainOf(base.consent);
    const directoryDomain = await domainOf(base.directory);
    return { ...base, owners, multisig, yesWallet, deadline, grantFor, consentDomain, directoryDomain };
  }

  describe("OpenZeppelin multi-signer account, 2 of 3 ECDSA signers", function () {
    it("grants, revokes and publishes a key with two owners' signatures, relayed; it holds no ETH", async function () {
      const { consent, directory, multisig, owners, relayer, grantFor, deadline, consentDomain, directoryDomain } =
        await loadFixture(fixture);
      const patient = await multisig.getAddress();
      const sign = multiSign([owners[0], owners[2]]);
      const grant = grantFor(patient);
      await expect(consent.connect(relayer).grantBySig(grant, await signTypedDataAs(multisig, sign, consentDomain, GRANT_TYPES, grant)))
        .to.emit(consent, "AccessGranted");
      const revocation = { patient, grantee: grant.grantee, scope: grant.scope, action: READ, nonce: 1n, deadline };
      await expect(consent.connect(relayer).revokeBySig(revocation,
        await signTypedDataAs(multisig, sign, consentDomain, REVOCATION_TYPES, revocation)))
        .to.emit(consent, "AccessRevoked");
      const publication = { account: patient, publicKey: compressedKey(ethers.Wallet.createRandom()), nonce: 0n, deadline };
      await expect(directory.connect(relayer).publishEncryptionKeyBySig(publication,
        await signTypedDataAs(multisig, sign, directoryDomain, KEY_PUBLICATION_TYPES, publication)))
        .to.emit(directory, "EncryptionKeyPublished").withArgs(patient, publication.publicKey);
      expect(await ethers.provider.getBalance(patient)).to.equal(0n);
    });

    it("rejects one owner's signature, and one owner's signature given twice", async function () {
      const { consent, multisig, owners, relayer, grantFor, consentDomain } = await loadFixture(fixture);
      const grant = grantFor(await multisig.getAddress());
      for (const signers of [[owners[1]], [owners[1], owners[1]]]) {
        const signature = await signTypedDataAs(multisig, multiSign(signers), consentDomain, GRANT_TYPES, grant);
        await expect(consent.connect(relayer).grantBySig(grant, signature))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner");
      }
    });

    it("rejects two signatures of which one is not an owner's", async function () {
      const { consent, multisig, owners, relayer, grantFor, consentDomain } = await loadFixture(fixture);
      const grant = grantFor(await multisig.getAddress());
      const signature = await signTypedDataAs(multisig, multiSign([owners[0], ethers.Wallet.createRandom()]), consentDomain, GRANT_TYPES, grant);
      await expect(consent.connect(relayer).grantBySig(grant, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner");
    });
  });

  describe("an ERC-1271 wallet that answers yes to everything", function () {
    it("acts for itself with any bytes, relayed by anyone: nothing protects a wallet from its own code", async function () {
      const { consent, yesWallet, stranger, grantFor } = await loadFixture(fixture);
      const grant = grantFor(await yesWallet.getAddress());
      await expect(consent.connect(stranger).grantBySig(grant, "0x")).to.emit(consent, "AccessGranted");
    });

    it("cannot grant or revoke for another patient, an EOA or another contract wallet", async function () {
      const { consent, yesWallet, contractWallet, patient, stranger, grantFor, deadline, relayer, provider } =
        await loadFixture(fixture);
      // The other patients' real grant, which the yes-wallet's owner would like to revoke.
      const real = grantFor(patient.address);
      await consent.connect(relayer).grantBySig(real, await patient.signTypedData(await domainOf(consent), GRANT_TYPES, real));
      const yesAddress = await yesWallet.getAddress();
      for (const victim of [patient.address, await contractWallet.getAddress()]) {
        const grant = { ...grantFor(victim), grantee: yesAddress, nonce: victim === patient.address ? 1n : 0n };
        await expect(consent.connect(stranger).grantBySig(grant, "0x"))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner");
      }
      const revocation = { patient: patient.address, grantee: provider.address, scope: real.scope, action: READ, nonce: 1n, deadline };
      await expect(consent.connect(stranger).revokeBySig(revocation, ethers.hexlify(ethers.randomBytes(65))))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner");
      expect((await consent.grantOf(patient.address, provider.address, real.scope, READ)).expiresAt).to.equal(real.expiresAt);
    });

    it("cannot publish a key for another account", async function () {
      const { directory, patient, stranger, deadline } = await loadFixture(fixture);
      const publication = { account: patient.address, publicKey: compressedKey(ethers.Wallet.createRandom()), nonce: 0n, deadline };
      await expect(directory.connect(stranger).publishEncryptionKeyBySig(publication, "0x"))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidSigner");
      expect(await directory.encryptionKeyOf(patient.address)).to.equal("0x");
    });

    it("counts as one guardian only: alone, below the threshold, it recovers nothing", async function () {
      const { yesWallet, relayer, stranger, deadline } = await loadFixture(fixture);
      const factory = await ethers.deployContract("PasskeyAccountFactory");
      const device = new SoftwareAuthenticator();
      const account = await deployPasskeyAccount(factory, device, relayer);
      const guardians = [await yesWallet.getAddress(), ethers.Wallet.createRandom().address];
      const call = { to: await account.getAddress(), data: account.interface.encodeFunctionData("setGuardians", [guardians, 2]) };
      await account.executeWithSig(...await signedExecution(account, device, [call], deadline));
      const thief = new SoftwareAuthenticator();
      await expect(account.connect(stranger).approveRecovery(guardians[0], thief.qx, thief.qy, deadline, "0x"))
        .to.emit(account, "RecoveryApproved");
      await expect(account.connect(stranger).approveRecovery(guardians[0], thief.qx, thief.qy, deadline, "0x"))
        .to.be.revertedWithCustomError(account, "GuardianRecoveryAlreadyApproved");
      expect((await account.pendingRecovery()).executableAt).to.equal(0n);
    });
  });
});
