const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { deployHealthKey, now, ONE_DAY } = require("./helpers/fixtures");
const {
  READ, WRITE, CATEGORY, PURPOSE_TREATMENT, GRANT_TYPES, REVOCATION_TYPES, CANCEL_NONCES_TYPES, MAX_UINT256,
  recordId, categoryScope, domainOf, toHighS, withFlippedV,
} = require("./helpers/healthkey");

describe("ConsentRegistry", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const { consent, patient, provider } = base;
    const domain = await domainOf(consent);
    const t = await now();
    const expiresAt = t + BigInt(ONE_DAY);
    const deadline = t + 3600n;
    const grant = {
      patient: patient.address, grantee: provider.address, scope: categoryScope(CATEGORY.LAB), action: READ,
      purpose: PURPOSE_TREATMENT, expiresAt, nonce: 0n, deadline,
    };
    const revocation = { patient: patient.address, grantee: provider.address, scope: grant.scope, action: READ, nonce: 1n, deadline };
    const signGrant = (signer, message = grant, signDomain = domain) => signer.signTypedData(signDomain, GRANT_TYPES, message);
    const signRevocation = (signer, message = revocation) => signer.signTypedData(domain, REVOCATION_TYPES, message);
    const cancellation = { patient: patient.address, newNonce: 10n, nonce: 0n, deadline };
    const signCancellation = (signer, message = cancellation) => signer.signTypedData(domain, CANCEL_NONCES_TYPES, message);
    const record = recordId(patient.address, CATEGORY.LAB, 7);
    return {
      ...base, domain, expiresAt, deadline, grant, revocation, cancellation,
      signGrant, signRevocation, signCancellation, record, consent,
    };
  }

  async function granted() {
    const f = await fixture();
    await f.consent.connect(f.relayer).grantBySig(f.grant, await f.signGrant(f.patient));
    return f;
  }

  describe("deployment", function () {
    it("exposes the directory, the type hashes and the HealthKey EIP-712 domain", async function () {
      const { consent, directory, domain } = await loadFixture(fixture);
      expect(await consent.directory()).to.equal(await directory.getAddress());
      expect(domain.name).to.equal("HealthKey ConsentRegistry");
      expect(domain.version).to.equal("1");
      expect(await consent.GRANT_TYPEHASH()).to.equal(ethers.id(
        "Grant(address patient,address grantee,bytes32 scope,uint8 action,uint16 purpose,uint64 expiresAt,uint256 nonce,uint256 deadline)"));
      expect(await consent.REVOCATION_TYPEHASH()).to.equal(ethers.id(
        "Revocation(address patient,address grantee,bytes32 scope,uint8 action,uint256 nonce,uint256 deadline)"));
      expect(await consent.CANCEL_NONCES_TYPEHASH()).to.equal(ethers.id(
        "CancelNonces(address patient,uint256 newNonce,uint256 nonce,uint256 deadline)"));
      expect(await consent.MAX_NONCE_JUMP()).to.equal(2n ** 32n);
      expect(await consent.READ()).to.equal(READ);
      expect(await consent.WRITE()).to.equal(WRITE);
    });
  });

  describe("grant", function () {
    it("stores the grant and emits AccessGranted", async function () {
      const { consent, patient, provider, expiresAt } = await loadFixture(fixture);
      await expect(consent.connect(patient).grant(provider, ethers.ZeroHash, WRITE, 3, expiresAt))
        .to.emit(consent, "AccessGranted").withArgs(patient.address, provider.address, ethers.ZeroHash, WRITE, 3, expiresAt);
      expect(await consent.grantOf(patient, provider, ethers.ZeroHash, WRITE)).to.deep.equal([expiresAt, 3n]);
      expect(await consent.nonces(patient)).to.equal(0n);
    });

    it("replaces an earlier grant with the same key", async function () {
      const { consent, patient, provider, expiresAt } = await loadFixture(fixture);
      await consent.connect(patient).grant(provider, ethers.ZeroHash, READ, 1, expiresAt);
      await consent.connect(patient).grant(provider, ethers.ZeroHash, READ, 2, expiresAt + 10n);
      expect(await consent.grantOf(patient, provider, ethers.ZeroHash, READ)).to.deep.equal([expiresAt + 10n, 2n]);
    });

    it("accepts scope all, the lowest and highest category and a record of the patient", async function () {
      const { consent, patient, provider, expiresAt } = await loadFixture(fixture);
      for (const scope of [ethers.ZeroHash, categoryScope(1), categoryScope(65535), recordId(patient.address, 1, 0)]) {
        await expect(consent.connect(patient).grant(provider, scope, READ, 1, expiresAt)).to.emit(consent, "AccessGranted");
      }
    });

    it("reverts with ConsentRegistryInvalidScope for a record of another patient, a zero-category record and values between 65536 and 2^96", async function () {
      const { consent, patient, otherPatient, provider, expiresAt } = await loadFixture(fixture);
      for (const scope of [
        recordId(otherPatient.address, CATEGORY.LAB, 1),
        recordId(patient.address, 0, 1),
        categoryScope(65536),
        ethers.toBeHex(2n ** 96n - 1n, 32),
      ]) {
        await expect(consent.connect(patient).grant(provider, scope, READ, 1, expiresAt))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidScope").withArgs(patient.address, scope);
      }
    });

    it("reverts with ConsentRegistryInvalidGrantee for the zero address and the patient", async function () {
      const { consent, patient, expiresAt } = await loadFixture(fixture);
      for (const grantee of [ethers.ZeroAddress, patient.address]) {
        await expect(consent.connect(patient).grant(grantee, ethers.ZeroHash, READ, 1, expiresAt))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidGrantee").withArgs(grantee);
      }
    });

    it("reverts with ConsentRegistryInvalidAction for actions other than READ and WRITE", async function () {
      const { consent, patient, provider, expiresAt } = await loadFixture(fixture);
      for (const action of [0, 3, 255]) {
        await expect(consent.connect(patient).grant(provider, ethers.ZeroHash, action, 1, expiresAt))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidAction").withArgs(action);
      }
    });

    it("reverts with ConsentRegistryInvalidPurpose for purpose zero", async function () {
      const { consent, patient, provider, expiresAt } = await loadFixture(fixture);
      await expect(consent.connect(patient).grant(provider, ethers.ZeroHash, READ, 0, expiresAt))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidPurpose").withArgs(0);
    });

    it("reverts with ConsentRegistryExpiryInPast for an expiry not after the block time", async function () {
      const { consent, patient, provider } = await loadFixture(fixture);
      const blockTime = (await now()) + 1n;
      await time.setNextBlockTimestamp(blockTime);
      await expect(consent.connect(patient).grant(provider, ethers.ZeroHash, READ, 1, blockTime))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryExpiryInPast").withArgs(blockTime, blockTime);
    });
  });

  describe("grantBySig", function () {
    it("stores a grant relayed by a third party and uses the nonce", async function () {
      const { consent, relayer, patient, grant, signGrant } = await loadFixture(fixture);
      await expect(consent.connect(relayer).grantBySig(grant, await signGrant(patient)))
        .to.emit(consent, "AccessGranted")
        .withArgs(grant.patient, grant.grantee, grant.scope, grant.action, grant.purpose, grant.expiresAt);
      expect(await consent.grantOf(grant.patient, grant.grantee, grant.scope, grant.action))
        .to.deep.equal([grant.expiresAt, BigInt(grant.purpose)]);
      expect(await consent.nonces(patient)).to.equal(1n);
    });

    it("reverts with ConsentRegistryInvalidNonce for a replayed signature", async function () {
      const { consent, patient, grant, signGrant } = await loadFixture(fixture);
      const signature = await signGrant(patient);
      await consent.grantBySig(grant, signature);
      await expect(consent.grantBySig(grant, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce").withArgs(patient.address, 1n, 0n);
    });

    it("reverts with ConsentRegistryInvalidNonce for a nonce out of order", async function () {
      const { consent, patient, grant, signGrant } = await loadFixture(fixture);
      const ahead = { ...grant, nonce: 1n };
      await expect(consent.grantBySig(ahead, await signGrant(patient, ahead)))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce").withArgs(patient.address, 0n, 1n);
    });

    it("reverts with ConsentRegistryInvalidSigner for a signature for another chain id", async function () {
      const { consent, patient, grant, domain, signGrant } = await loadFixture(fixture);
      const signature = await signGrant(patient, grant, { ...domain, chainId: 1n });
      await expect(consent.grantBySig(grant, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner")
        .withArgs(patient.address, ethers.verifyTypedData(domain, GRANT_TYPES, grant, signature));
    });

    it("reverts with ConsentRegistryInvalidSigner for a signature for another contract", async function () {
      const { consent, directory, patient, grant, domain, signGrant } = await loadFixture(fixture);
      const signature = await signGrant(patient, grant, { ...domain, verifyingContract: await directory.getAddress() });
      await expect(consent.grantBySig(grant, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner")
        .withArgs(patient.address, ethers.verifyTypedData(domain, GRANT_TYPES, grant, signature));
    });

    it("reverts with ConsentRegistryInvalidSigner for a signer who is not the patient", async function () {
      const { consent, patient, stranger, grant, signGrant } = await loadFixture(fixture);
      await expect(consent.grantBySig(grant, await signGrant(stranger)))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner").withArgs(patient.address, stranger.address);
    });

    it("reverts with ConsentRegistryInvalidSigner (zero) for a high-s signature", async function () {
      const { consent, patient, grant, signGrant } = await loadFixture(fixture);
      await expect(consent.grantBySig(grant, toHighS(await signGrant(patient))))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner").withArgs(patient.address, ethers.ZeroAddress);
    });

    it("reverts with ConsentRegistryInvalidSigner for a signature with flipped v", async function () {
      const { consent, patient, grant, domain, signGrant } = await loadFixture(fixture);
      const flipped = withFlippedV(await signGrant(patient));
      await expect(consent.grantBySig(grant, flipped))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner")
        .withArgs(patient.address, ethers.verifyTypedData(domain, GRANT_TYPES, grant, flipped));
    });

    it("reverts with ConsentRegistryInvalidSigner (zero) for v other than 27 or 28", async function () {
      const { consent, patient, grant, signGrant } = await loadFixture(fixture);
      const bytes = ethers.getBytes(await signGrant(patient));
      bytes[64] = 29;
      await expect(consent.grantBySig(grant, bytes))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner").withArgs(patient.address, ethers.ZeroAddress);
    });

    it("reverts with ConsentRegistryExpiredSignature after the deadline", async function () {
      const { consent, patient, grant, signGrant } = await loadFixture(fixture);
      const signature = await signGrant(patient);
      await time.increaseTo(grant.deadline + 1n);
      await expect(consent.grantBySig(grant, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryExpiredSignature").withArgs(grant.deadline);
    });

    it("accepts a signature at the deadline", async function () {
      const { consent, patient, grant, signGrant } = await loadFixture(fixture);
      const signature = await signGrant(patient);
      await time.setNextBlockTimestamp(grant.deadline);
      await expect(consent.grantBySig(grant, signature)).to.emit(consent, "AccessGranted");
    });

    it("validates the signed grant as grant does", async function () {
      const { consent, patient, grant, signGrant } = await loadFixture(fixture);
      const invalid = { ...grant, purpose: 0 };
      await expect(consent.grantBySig(invalid, await signGrant(patient, invalid)))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidPurpose").withArgs(0);
    });

    describe("for an ERC-1271 contract wallet patient", function () {
      it("accepts the signature of the wallet's owner", async function () {
        const { consent, contractWallet, walletOwner, grant, signGrant } = await loadFixture(fixture);
        const message = { ...grant, patient: await contractWallet.getAddress() };
        await expect(consent.grantBySig(message, await signGrant(walletOwner, message)))
          .to.emit(consent, "AccessGranted");
        expect(await consent.nonces(contractWallet)).to.equal(1n);
      });

      it("reverts with ConsentRegistryInvalidSigner for a signature the wallet rejects", async function () {
        const { consent, contractWallet, stranger, grant, signGrant } = await loadFixture(fixture);
        const message = { ...grant, patient: await contractWallet.getAddress() };
        await expect(consent.grantBySig(message, await signGrant(stranger, message)))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner")
          .withArgs(message.patient, stranger.address);
      });
    });
  });

  describe("revoke", function () {
    it("deletes the grant, emits AccessRevoked and ends access", async function () {
      const { consent, patient, provider, grant, record } = await loadFixture(granted);
      expect(await consent.hasAccess(patient, provider, record, READ)).to.equal(true);
      await expect(consent.connect(patient).revoke(provider, grant.scope, READ))
        .to.emit(consent, "AccessRevoked").withArgs(patient.address, provider.address, grant.scope, READ);
      expect(await consent.grantOf(patient, provider, grant.scope, READ)).to.deep.equal([0n, 0n]);
      expect(await consent.hasAccess(patient, provider, record, READ)).to.equal(false);
    });

    it("reverts with ConsentRegistryNoSuchGrant for a missing grant", async function () {
      const { consent, patient, provider } = await loadFixture(fixture);
      await expect(consent.connect(patient).revoke(provider, ethers.ZeroHash, WRITE))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryNoSuchGrant")
        .withArgs(patient.address, provider.address, ethers.ZeroHash, WRITE);
    });

    it("reverts with ConsentRegistryNoSuchGrant for an expired grant", async function () {
      const { consent, patient, provider, grant } = await loadFixture(granted);
      await time.increaseTo(grant.expiresAt);
      await expect(consent.connect(patient).revoke(provider, grant.scope, READ))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryNoSuchGrant")
        .withArgs(patient.address, provider.address, grant.scope, READ);
    });
  });

  describe("revokeBySig", function () {
    it("revokes with the patient's signature relayed by anyone", async function () {
      const { consent, relayer, patient, provider, revocation, signRevocation, record } = await loadFixture(granted);
      await expect(consent.connect(relayer).revokeBySig(revocation, await signRevocation(patient)))
        .to.emit(consent, "AccessRevoked").withArgs(patient.address, provider.address, revocation.scope, READ);
      expect(await consent.hasAccess(patient, provider, record, READ)).to.equal(false);
      expect(await consent.nonces(patient)).to.equal(2n);
    });

    it("reverts with ConsentRegistryInvalidSigner for a signer who is not the patient", async function () {
      const { consent, patient, stranger, revocation, signRevocation } = await loadFixture(granted);
      await expect(consent.revokeBySig(revocation, await signRevocation(stranger)))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner").withArgs(patient.address, stranger.address);
    });

    it("reverts with ConsentRegistryInvalidNonce for a replayed revocation", async function () {
      const { consent, patient, revocation, signRevocation } = await loadFixture(granted);
      const signature = await signRevocation(patient);
      await consent.revokeBySig(revocation, signature);
      await expect(consent.revokeBySig(revocation, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce").withArgs(patient.address, 2n, 1n);
    });

    it("reverts with ConsentRegistryExpiredSignature after the deadline", async function () {
      const { consent, patient, revocation, signRevocation } = await loadFixture(granted);
      const signature = await signRevocation(patient);
      await time.increaseTo(revocation.deadline + 1n);
      await expect(consent.revokeBySig(revocation, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryExpiredSignature").withArgs(revocation.deadline);
    });

    it("reverts with ConsentRegistryNoSuchGrant when nothing is granted", async function () {
      const { consent, patient, revocation, signRevocation } = await loadFixture(fixture);
      const first = { ...revocation, nonce: 0n };
      await expect(consent.revokeBySig(first, await signRevocation(patient, first)))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryNoSuchGrant")
        .withArgs(patient.address, first.grantee, first.scope, first.action);
    });
  });

  describe("invalidateNonces", function () {
    it("moves the caller's nonce forward, emits NoncesInvalidated and voids the signatures below it", async function () {
      const { consent, patient, otherPatient, grant, signGrant } = await loadFixture(fixture);
      const unsent = { ...grant, nonce: 3n };
      const unsentSignature = await signGrant(patient, unsent);
      await expect(consent.connect(patient).invalidateNonces(5n))
        .to.emit(consent, "NoncesInvalidated").withArgs(patient.address, 5n);
      expect(await consent.nonces(patient)).to.equal(5n);
      expect(await consent.nonces(otherPatient)).to.equal(0n);
      await expect(consent.grantBySig(unsent, unsentSignature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce").withArgs(patient.address, 5n, 3n);
      const next = { ...grant, nonce: 5n };
      await expect(consent.grantBySig(next, await signGrant(patient, next))).to.emit(consent, "AccessGranted");
    });

    it("reverts with ConsentRegistryInvalidNewNonce for a nonce that does not move forward", async function () {
      const { consent, patient } = await loadFixture(fixture);
      await consent.connect(patient).invalidateNonces(5n);
      for (const newNonce of [0n, 4n, 5n]) {
        await expect(consent.connect(patient).invalidateNonces(newNonce))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNewNonce").withArgs(patient.address, 5n, newNonce);
      }
    });

    it("moves at most MAX_NONCE_JUMP at once, so the largest uint256 cannot bring the nonce near overflow", async function () {
      const { consent, patient } = await loadFixture(fixture);
      const jump = await consent.MAX_NONCE_JUMP();
      await consent.connect(patient).invalidateNonces(7n);
      for (const newNonce of [7n + jump + 1n, MAX_UINT256]) {
        await expect(consent.connect(patient).invalidateNonces(newNonce))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNewNonce").withArgs(patient.address, 7n, newNonce);
      }
      await expect(consent.connect(patient).invalidateNonces(7n + jump))
        .to.emit(consent, "NoncesInvalidated").withArgs(patient.address, 7n + jump);
    });
  });

  describe("cancelNoncesBySig", function () {
    it("relayed by a third party, uses its nonce, moves the nonce to newNonce and voids the unsent signatures", async function () {
      const { consent, relayer, patient, grant, cancellation, signGrant, signCancellation } = await loadFixture(fixture);
      const unsent = [];
      for (const nonce of [1n, 9n]) {
        const message = { ...grant, nonce };
        unsent.push([message, await signGrant(patient, message)]);
      }
      await expect(consent.connect(relayer).cancelNoncesBySig(cancellation, await signCancellation(patient)))
        .to.emit(consent, "NoncesInvalidated").withArgs(patient.address, cancellation.newNonce);
      expect(await consent.nonces(patient)).to.equal(10n);
      for (const [message, signature] of unsent) {
        await expect(consent.grantBySig(message, signature))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce")
          .withArgs(patient.address, 10n, message.nonce);
      }
      const next = { ...grant, nonce: 10n };
      await expect(consent.grantBySig(next, await signGrant(patient, next))).to.emit(consent, "AccessGranted");
    });

    it("cancels only its own nonce when newNonce is one past it", async function () {
      const { consent, patient, grant, cancellation, signGrant, signCancellation } = await loadFixture(fixture);
      const unsentSignature = await signGrant(patient);
      const one = { ...cancellation, newNonce: 1n };
      await expect(consent.cancelNoncesBySig(one, await signCancellation(patient, one)))
        .to.emit(consent, "NoncesInvalidated").withArgs(patient.address, 1n);
      await expect(consent.grantBySig(grant, unsentSignature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce").withArgs(patient.address, 1n, 0n);
    });

    it("reverts with ConsentRegistryInvalidNonce for a replayed cancellation", async function () {
      const { consent, patient, cancellation, signCancellation } = await loadFixture(fixture);
      const signature = await signCancellation(patient);
      await consent.cancelNoncesBySig(cancellation, signature);
      await expect(consent.cancelNoncesBySig(cancellation, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce").withArgs(patient.address, 10n, 0n);
    });

    it("reverts with ConsentRegistryInvalidSigner for a signer who is not the patient", async function () {
      const { consent, patient, stranger, cancellation, signCancellation } = await loadFixture(fixture);
      await expect(consent.cancelNoncesBySig(cancellation, await signCancellation(stranger)))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner").withArgs(patient.address, stranger.address);
      expect(await consent.nonces(patient)).to.equal(0n);
    });

    it("reverts with ConsentRegistryExpiredSignature after the deadline", async function () {
      const { consent, patient, cancellation, signCancellation } = await loadFixture(fixture);
      const signature = await signCancellation(patient);
      await time.increaseTo(cancellation.deadline + 1n);
      await expect(consent.cancelNoncesBySig(cancellation, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryExpiredSignature").withArgs(cancellation.deadline);
    });

    it("rejects the signature once any signed field is changed", async function () {
      const { consent, domain, patient, otherPatient, cancellation, signCancellation } = await loadFixture(fixture);
      const signature = await signCancellation(patient);
      const recovered = (message) => ethers.verifyTypedData(domain, CANCEL_NONCES_TYPES, message, signature);
      const changed = [
        { ...cancellation, patient: otherPatient.address },
        { ...cancellation, newNonce: cancellation.newNonce + 1n },
        { ...cancellation, deadline: cancellation.deadline + 1n },
      ];
      for (const message of changed) {
        await expect(consent.cancelNoncesBySig(message, signature))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner")
          .withArgs(message.patient, recovered(message));
      }
      await expect(consent.cancelNoncesBySig({ ...cancellation, nonce: 1n }, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce").withArgs(patient.address, 0n, 1n);
      expect(await consent.nonces(patient)).to.equal(0n);
      expect(await consent.nonces(otherPatient)).to.equal(0n);
    });

    it("is not a Grant or a Revocation: a signature of the same words under another type is rejected", async function () {
      const { consent, patient, domain, cancellation } = await loadFixture(fixture);
      const asGrantTypes = { Grant: CANCEL_NONCES_TYPES.CancelNonces };
      const signature = await patient.signTypedData(domain, asGrantTypes, cancellation);
      await expect(consent.cancelNoncesBySig(cancellation, signature))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner")
        .withArgs(patient.address, ethers.verifyTypedData(domain, CANCEL_NONCES_TYPES, cancellation, signature));
    });

    it("reverts with ConsentRegistryInvalidNewNonce for newNonce not after nonce, or too far after it", async function () {
      const { consent, patient, cancellation, signCancellation } = await loadFixture(fixture);
      const jump = await consent.MAX_NONCE_JUMP();
      for (const newNonce of [0n, jump + 1n, MAX_UINT256]) {
        const message = { ...cancellation, newNonce };
        await expect(consent.cancelNoncesBySig(message, await signCancellation(patient, message)))
          .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNewNonce").withArgs(patient.address, 0n, newNonce);
      }
    });

    it("accepts the signature of an ERC-1271 wallet's owner", async function () {
      const { consent, contractWallet, walletOwner, cancellation, signCancellation } = await loadFixture(fixture);
      const message = { ...cancellation, patient: await contractWallet.getAddress() };
      await expect(consent.cancelNoncesBySig(message, await signCancellation(walletOwner, message)))
        .to.emit(consent, "NoncesInvalidated").withArgs(message.patient, message.newNonce);
      expect(await consent.nonces(contractWallet)).to.equal(10n);
    });
  });

  describe("hasAccess", function () {
    it("is true for the patient themself", async function () {
      const { consent, patient, record } = await loadFixture(fixture);
      expect(await consent.hasAccess(patient, patient, record, WRITE)).to.equal(true);
    });

    it("is true through a grant on the record, its category or all records", async function () {
      const { consent, patient, provider, record, expiresAt } = await loadFixture(fixture);
      const other = recordId(patient.address, CATEGORY.IMAGING, 8);
      for (const scope of [record, categoryScope(CATEGORY.LAB), ethers.ZeroHash]) {
        await consent.connect(patient).grant(provider, scope, READ, 1, expiresAt);
        expect(await consent.hasAccess(patient, provider, record, READ)).to.equal(true);
        expect(await consent.hasAccess(patient, provider, other, READ)).to.equal(scope === ethers.ZeroHash);
        await consent.connect(patient).revoke(provider, scope, READ);
      }
    });

    it("is false without a grant, or for another action", async function () {
      const { consent, patient, provider, stranger, record } = await loadFixture(granted);
      expect(await consent.hasAccess(patient, stranger, record, READ)).to.equal(false);
      expect(await consent.hasAccess(patient, provider, record, WRITE)).to.equal(false);
    });

    it("is false for a record of another patient", async function () {
      const { consent, patient, otherPatient, provider } = await loadFixture(granted);
      expect(await consent.hasAccess(patient, provider, recordId(otherPatient.address, CATEGORY.LAB, 1), READ)).to.equal(false);
    });

    it("is false for the patient themself asking about a record of another patient", async function () {
      const { consent, patient, otherPatient } = await loadFixture(granted);
      const othersRecord = recordId(otherPatient.address, CATEGORY.LAB, 1);
      for (const action of [READ, WRITE]) {
        expect(await consent.hasAccess(patient, patient, othersRecord, action)).to.equal(false);
      }
      expect(await consent.hasAccess(otherPatient, otherPatient, othersRecord, READ)).to.equal(true);
    });

    it("is false once the grant has expired", async function () {
      const { consent, patient, provider, record, grant } = await loadFixture(granted);
      await time.increaseTo(grant.expiresAt - 1n);
      expect(await consent.hasAccess(patient, provider, record, READ)).to.equal(true);
      await time.increaseTo(grant.expiresAt);
      expect(await consent.hasAccess(patient, provider, record, READ)).to.equal(false);
    });

    it("is false for a suspended provider, and true again once reinstated", async function () {
      const { consent, directory, accreditor, patient, provider, record } = await loadFixture(granted);
      await directory.connect(accreditor).suspend(provider, 3);
      expect(await consent.hasAccess(patient, provider, record, READ)).to.equal(false);
      await directory.connect(accreditor).reinstate(provider);
      expect(await consent.hasAccess(patient, provider, record, READ)).to.equal(true);
    });

    it("needs an active provider for WRITE, but not for READ", async function () {
      const { consent, patient, stranger, record, expiresAt } = await loadFixture(fixture);
      await consent.connect(patient).grant(stranger, ethers.ZeroHash, WRITE, 1, expiresAt);
      await consent.connect(patient).grant(stranger, ethers.ZeroHash, READ, 1, expiresAt);
      expect(await consent.hasAccess(patient, stranger, record, WRITE)).to.equal(false);
      expect(await consent.hasAccess(patient, stranger, record, READ)).to.equal(true);
    });

    it("lets an active provider WRITE with a WRITE grant", async function () {
      const { consent, patient, provider, record, expiresAt } = await loadFixture(fixture);
      await consent.connect(patient).grant(provider, categoryScope(CATEGORY.LAB), WRITE, 1, expiresAt);
      expect(await consent.hasAccess(patient, provider, record, WRITE)).to.equal(true);
    });
  });

  describe("mayWriteCategory", function () {
    it("is true for an active provider through a WRITE grant on the category or on all records", async function () {
      const { consent, patient, provider, expiresAt } = await loadFixture(fixture);
      for (const scope of [categoryScope(CATEGORY.LAB), ethers.ZeroHash]) {
        await consent.connect(patient).grant(provider, scope, WRITE, 1, expiresAt);
        expect(await consent.mayWriteCategory(patient, provider, CATEGORY.LAB)).to.equal(true);
        expect(await consent.mayWriteCategory(patient, provider, CATEGORY.IMAGING)).to.equal(scope === ethers.ZeroHash);
        await consent.connect(patient).revoke(provider, scope, WRITE);
        expect(await consent.mayWriteCategory(patient, provider, CATEGORY.LAB)).to.equal(false);
      }
    });

    it("is false through a grant on a single record, through READ, or for the patient themself", async function () {
      const { consent, patient, provider, record, expiresAt } = await loadFixture(fixture);
      await consent.connect(patient).grant(provider, record, WRITE, 1, expiresAt);
      await consent.connect(patient).grant(provider, ethers.ZeroHash, READ, 1, expiresAt);
      await consent.connect(patient).grant(provider, categoryScope(CATEGORY.LAB), READ, 1, expiresAt);
      expect(await consent.hasAccess(patient, provider, record, WRITE)).to.equal(true);
      expect(await consent.mayWriteCategory(patient, provider, CATEGORY.LAB)).to.equal(false);
      expect(await consent.mayWriteCategory(patient, patient, CATEGORY.LAB)).to.equal(false);
    });

    it("is false for a grantee who is not an accredited provider, or is suspended, and true again once reinstated", async function () {
      const { consent, directory, accreditor, patient, provider, stranger, expiresAt } = await loadFixture(fixture);
      await consent.connect(patient).grant(stranger, ethers.ZeroHash, WRITE, 1, expiresAt);
      expect(await consent.mayWriteCategory(patient, stranger, CATEGORY.LAB)).to.equal(false);
      await consent.connect(patient).grant(provider, categoryScope(CATEGORY.LAB), WRITE, 1, expiresAt);
      await directory.connect(accreditor).suspend(provider, 3);
      expect(await consent.mayWriteCategory(patient, provider, CATEGORY.LAB)).to.equal(false);
      await directory.connect(accreditor).reinstate(provider);
      expect(await consent.mayWriteCategory(patient, provider, CATEGORY.LAB)).to.equal(true);
    });

    it("is false once the grant has expired", async function () {
      const { consent, patient, provider, expiresAt } = await loadFixture(fixture);
      await consent.connect(patient).grant(provider, categoryScope(CATEGORY.LAB), WRITE, 1, expiresAt);
      await time.increaseTo(expiresAt - 1n);
      expect(await consent.mayWriteCategory(patient, provider, CATEGORY.LAB)).to.equal(true);
      await time.increaseTo(expiresAt);
      expect(await consent.mayWriteCategory(patient, provider, CATEGORY.LAB)).to.equal(false);
    });

    it("counts only the grant on all records for category zero", async function () {
      const { consent, patient, provider, expiresAt } = await loadFixture(fixture);
      await consent.connect(patient).grant(provider, categoryScope(CATEGORY.LAB), WRITE, 1, expiresAt);
      expect(await consent.mayWriteCategory(patient, provider, 0)).to.equal(false);
      await consent.connect(patient).grant(provider, ethers.ZeroHash, WRITE, 1, expiresAt);
      expect(await consent.mayWriteCategory(patient, provider, 0)).to.equal(true);
    });
  });
});
