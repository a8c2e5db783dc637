const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { deployHealthKey, now } = require("./helpers/fixtures");
const { KEY_PUBLICATION_TYPES, domainOf, compressedKey, toHighS, withFlippedV } = require("./helpers/healthkey");

const Status = { None: 0, Active: 1, Suspended: 2 };
const FIELD_PRIME = 2n ** 256n - 2n ** 32n - 977n;

describe("ParticipantDirectory", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const account = ethers.Wallet.createRandom();
    const domain = await domainOf(base.directory);
    const publication = { account: account.address, publicKey: compressedKey(account), nonce: 0, deadline: (await now()) + 3600n };
    const sign = (signer, message = publication, signDomain = domain) =>
      signer.signTypedData(signDomain, KEY_PUBLICATION_TYPES, message);
    return { ...base, account, domain, publication, sign };
  }

  describe("deployment", function () {
    it("grants the admin and accreditor roles and uses the HealthKey EIP-712 domain", async function () {
      const { directory, admin, accreditor, domain } = await loadFixture(fixture);
      expect(await directory.hasRole(ethers.ZeroHash, admin)).to.equal(true);
      expect(await directory.hasRole(ethers.id("ACCREDITOR_ROLE"), accreditor)).to.equal(true);
      expect(await directory.ACCREDITOR_ROLE()).to.equal(ethers.id("ACCREDITOR_ROLE"));
      expect(await directory.KEY_PUBLICATION_TYPEHASH()).to.equal(
        ethers.id("KeyPublication(address account,bytes publicKey,uint256 nonce,uint256 deadline)"));
      expect(domain.name).to.equal("HealthKey ParticipantDirectory");
      expect(domain.version).to.equal("1");
    });
  });

  describe("publishEncryptionKey", function () {
    it("stores a compressed key and emits EncryptionKeyPublished", async function () {
      const { directory, patient } = await loadFixture(fixture);
      const key = compressedKey(patient);
      await expect(directory.connect(patient).publishEncryptionKey(key))
        .to.emit(directory, "EncryptionKeyPublished").withArgs(patient.address, key);
      expect(await directory.encryptionKeyOf(patient)).to.equal(key);
    });

    it("replaces an earlier key, with either prefix", async function () {
      const { directory, patient } = await loadFixture(fixture);
      await directory.connect(patient).publishEncryptionKey(compressedKey(patient));
      for (const wallet of [ethers.Wallet.createRandom(), ethers.Wallet.createRandom(), ethers.Wallet.createRandom()]) {
        const key = compressedKey(wallet);
        await directory.connect(patient).publishEncryptionKey(key);
        expect(await directory.encryptionKeyOf(patient)).to.equal(key);
      }
    });

    it("returns empty bytes for an account without a key", async function () {
      const { directory, stranger } = await loadFixture(fixture);
      expect(await directory.encryptionKeyOf(stranger)).to.equal("0x");
    });

    const invalidKeys = {
      "empty": () => "0x",
      "an uncompressed key": (w) => w.signingKey.publicKey,
      "32 bytes": (w) => ethers.dataSlice(compressedKey(w), 0, 32),
      "34 bytes": (w) => ethers.concat([compressedKey(w), "0x00"]),
      "prefix 0x04": (w) => ethers.concat(["0x04", ethers.dataSlice(compressedKey(w), 1)]),
      "prefix 0x00": (w) => ethers.concat(["0x00", ethers.dataSlice(compressedKey(w), 1)]),
      "x at the field prime": () => ethers.concat(["0x02", ethers.toBeHex(FIELD_PRIME, 32)]),
      "x not on the curve": () => ethers.concat(["0x02", ethers.toBeHex(5n, 32)]),
    };
    for (const [name, make] of Object.entries(invalidKeys)) {
      it(`reverts with ParticipantDirectoryInvalidKey for ${name}`, async function () {
        const { directory, patient } = await loadFixture(fixture);
        const key = make(patient);
        await expect(directory.connect(patient).publishEncryptionKey(key))
          .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidKey").withArgs(key);
      });
    }

    it("accepts x = 1, a point on the curve", async function () {
      const { directory, patient } = await loadFixture(fixture);
      const key = ethers.concat(["0x03", ethers.toBeHex(1n, 32)]);
      await expect(directory.connect(patient).publishEncryptionKey(key)).to.emit(directory, "EncryptionKeyPublished");
    });
  });

  describe("publishEncryptionKeyBySig", function () {
    it("publishes the key of the signing account when relayed by anyone", async function () {
      const { directory, stranger, account, publication, sign } = await loadFixture(fixture);
      await expect(directory.connect(stranger).publishEncryptionKeyBySig(publication, await sign(account)))
        .to.emit(directory, "EncryptionKeyPublished").withArgs(account.address, publication.publicKey);
      expect(await directory.encryptionKeyOf(account.address)).to.equal(publication.publicKey);
      expect(await directory.nonces(account.address)).to.equal(1n);
    });

    it("accepts an ERC-1271 signature of a contract account", async function () {
      const { directory, contractWallet, walletOwner, publication, sign } = await loadFixture(fixture);
      const message = { ...publication, account: await contractWallet.getAddress() };
      await directory.publishEncryptionKeyBySig(message, await sign(walletOwner, message));
      expect(await directory.encryptionKeyOf(contractWallet)).to.equal(message.publicKey);
    });

    it("reverts with ParticipantDirectoryInvalidSigner for a signature from another account", async function () {
      const { directory, stranger, publication, sign } = await loadFixture(fixture);
      await expect(directory.publishEncryptionKeyBySig(publication, await sign(stranger)))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidSigner")
        .withArgs(publication.account, stranger.address);
    });

    it("reverts with ParticipantDirectoryInvalidSigner for a contract account its owner did not sign for", async function () {
      const { directory, contractWallet, stranger, publication, sign } = await loadFixture(fixture);
      const message = { ...publication, account: await contractWallet.getAddress() };
      await expect(directory.publishEncryptionKeyBySig(message, await sign(stranger, message)))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidSigner")
        .withArgs(message.account, stranger.address);
    });

    it("reverts with ParticipantDirectoryInvalidSigner (zero) for a high-s signature", async function () {
      const { directory, account, publication, sign } = await loadFixture(fixture);
      await expect(directory.publishEncryptionKeyBySig(publication, toHighS(await sign(account))))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidSigner")
        .withArgs(publication.account, ethers.ZeroAddress);
    });

    it("reverts with ParticipantDirectoryInvalidSigner for a signature with flipped v", async function () {
      const { directory, account, domain, publication, sign } = await loadFixture(fixture);
      const flipped = withFlippedV(await sign(account));
      await expect(directory.publishEncryptionKeyBySig(publication, flipped))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidSigner")
        .withArgs(publication.account, ethers.verifyTypedData(domain, KEY_PUBLICATION_TYPES, publication, flipped));
    });

    it("reverts with ParticipantDirectoryInvalidSigner for a signature of the wrong length", async function () {
      const { directory, account, publication, sign } = await loadFixture(fixture);
      const truncated = ethers.dataSlice(await sign(account), 0, 64);
      await expect(directory.publishEncryptionKeyBySig(publication, truncated))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidSigner")
        .withArgs(publication.account, ethers.ZeroAddress);
    });

    it("reverts with ParticipantDirectoryInvalidNonce for a replayed signature", async function () {
      const { directory, account, publication, sign } = await loadFixture(fixture);
      const signature = await sign(account);
      await directory.publishEncryptionKeyBySig(publication, signature);
      await expect(directory.publishEncryptionKeyBySig(publication, signature))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidNonce")
        .withArgs(publication.account, 1n, 0n);
    });

    it("reverts with ParticipantDirectoryExpiredSignature after the deadline", async function () {
      const { directory, account, publication, sign } = await loadFixture(fixture);
      const signature = await sign(account);
      await time.increaseTo(publication.deadline + 1n);
      await expect(directory.publishEncryptionKeyBySig(publication, signature))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryExpiredSignature")
        .withArgs(publication.deadline);
    });

    it("reverts with ParticipantDirectoryInvalidKey for a signed invalid key", async function () {
      const { directory, account, publication, sign } = await loadFixture(fixture);
      const message = { ...publication, publicKey: ethers.concat(["0x05", ethers.dataSlice(publication.publicKey, 1)]) };
      await expect(directory.publishEncryptionKeyBySig(message, await sign(account, message)))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidKey").withArgs(message.publicKey);
    });
  });

  describe("providers", function () {
    it("accredits a provider and emits ProviderAccredited", async function () {
      const { directory, accreditor, stranger } = await loadFixture(fixture);
      const licenceHash = ethers.id("licence-3");
      await expect(directory.connect(accreditor).accredit(stranger, "Dr. Who", licenceHash))
        .to.emit(directory, "ProviderAccredited").withArgs(stranger.address, "Dr. Who", licenceHash);
      const entry = await directory.providerOf(stranger);
      expect(entry.name).to.equal("Dr. Who");
      expect(entry.licenceHash).to.equal(licenceHash);
      expect(entry.status).to.equal(Status.Active);
      expect(entry.accreditedAt).to.equal(await now());
      expect(await directory.providerStatus(stranger)).to.equal(Status.Active);
    });

    it("reports status None for an account never accredited", async function () {
      const { directory, stranger } = await loadFixture(fixture);
      expect(await directory.providerStatus(stranger)).to.equal(Status.None);
      expect((await directory.providerOf(stranger)).name).to.equal("");
    });

    it("accepts a name of 128 bytes", async function () {
      const { directory, accreditor, stranger } = await loadFixture(fixture);
      await expect(directory.connect(accreditor).accredit(stranger, "x".repeat(128), ethers.ZeroHash))
        .to.emit(directory, "ProviderAccredited");
    });

    for (const [label, name] of [["an empty name", ""], ["a name of 129 bytes", "x".repeat(129)]]) {
      it(`reverts with ParticipantDirectoryInvalidName for ${label}`, async function () {
        const { directory, accreditor, stranger } = await loadFixture(fixture);
        await expect(directory.connect(accreditor).accredit(stranger, name, ethers.ZeroHash))
          .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidName").withArgs();
      });
    }

    it("reverts with ParticipantDirectoryInvalidProvider for the zero address", async function () {
      const { directory, accreditor } = await loadFixture(fixture);
      await expect(directory.connect(accreditor).accredit(ethers.ZeroAddress, "Zero", ethers.ZeroHash))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidProvider").withArgs(ethers.ZeroAddress);
    });

    it("reverts with ParticipantDirectoryInvalidProvider for an active or suspended provider", async function () {
      const { directory, accreditor, provider } = await loadFixture(fixture);
      await expect(directory.connect(accreditor).accredit(provider, "Again", ethers.ZeroHash))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidProvider").withArgs(provider.address);
      await directory.connect(accreditor).suspend(provider, 7);
      await expect(directory.connect(accreditor).accredit(provider, "Again", ethers.ZeroHash))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryInvalidProvider").withArgs(provider.address);
    });

    it("suspends and reinstates a provider", async function () {
      const { directory, accreditor, provider } = await loadFixture(fixture);
      await expect(directory.connect(accreditor).suspend(provider, 7))
        .to.emit(directory, "ProviderSuspended").withArgs(provider.address, 7);
      expect(await directory.providerStatus(provider)).to.equal(Status.Suspended);
      await expect(directory.connect(accreditor).reinstate(provider))
        .to.emit(directory, "ProviderReinstated").withArgs(provider.address);
      expect(await directory.providerStatus(provider)).to.equal(Status.Active);
    });

    it("reverts with ParticipantDirectoryWrongStatus when suspending a provider that is not active", async function () {
      const { directory, accreditor, provider, stranger } = await loadFixture(fixture);
      await expect(directory.connect(accreditor).suspend(stranger, 1))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryWrongStatus")
        .withArgs(stranger.address, Status.Active, Status.None);
      await directory.connect(accreditor).suspend(provider, 1);
      await expect(directory.connect(accreditor).suspend(provider, 1))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryWrongStatus")
        .withArgs(provider.address, Status.Active, Status.Suspended);
    });

    it("reverts with ParticipantDirectoryWrongStatus when reinstating a provider that is not suspended", async function () {
      const { directory, accreditor, provider } = await loadFixture(fixture);
      await expect(directory.connect(accreditor).reinstate(provider))
        .to.be.revertedWithCustomError(directory, "ParticipantDirectoryWrongStatus")
        .withArgs(provider.address, Status.Suspended, Status.Active);
    });

    it("reverts with AccessControlUnauthorizedAccount for callers without ACCREDITOR_ROLE", async function () {
      const { directory, stranger, provider } = await loadFixture(fixture);
      const role = ethers.id("ACCREDITOR_ROLE");
      for (const call of [
        () => directory.connect(stranger).accredit(stranger, "Self", ethers.ZeroHash),
        () => directory.connect(stranger).suspend(provider, 1),
        () => directory.connect(stranger).reinstate(provider),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(directory, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, role);
      }
    });
  });
});
