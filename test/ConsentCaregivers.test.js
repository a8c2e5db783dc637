const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { deployHealthKey, fundedWallet, now, ONE_DAY } = require("./helpers/fixtures");
const {
  READ, WRITE, CATEGORY, PURPOSE_TREATMENT, POWER, GRANT_TYPES, APPOINTMENT_TYPES, CAREGIVER_REVOCATION_TYPES,
  CAREGIVER_GRANT_TYPES, CAREGIVER_GRANT_REVOCATION_TYPES, recordId, categoryScope, domainOf,
} = require("./helpers/healthkey");

describe("ConsentRegistry caregivers", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const { consent, admin, patient } = base;
    const parent = await fundedWallet(admin);
    const helper = await fundedWallet(admin);
    const domain = await domainOf(consent);
    const t = await now();
    const until = t + 30n * BigInt(ONE_DAY);
    const deadline = t + BigInt(ONE_DAY) * 365n;
    const nonces = async (who) => consent.nonces(who);
    const labAndImaging = [categoryScope(CATEGORY.LAB), categoryScope(CATEGORY.IMAGING)];

    /** A signed appointment; `fields` override the defaults (the patient appoints `parent`). */
    const appointment = async (fields = {}, signer = patient) => {
      const message = {
        appointer: patient.address, patient: patient.address, caregiver: parent.address, scopes: labAndImaging,
        powers: POWER.READ | POWER.GRANT_REVOKE, expiresAt: until, deadline, ...fields,
      };
      message.nonce = fields.nonce ?? (await nonces(message.appointer));
      return [message, await signer.signTypedData(domain, APPOINTMENT_TYPES, message)];
    };
    const appoint = async (fields, signer) => consent.appointCaregiverBySig(...(await appointment(fields, signer)));
    const caregiverGrant = async (fields = {}, signer = parent) => {
      const message = {
        caregiver: parent.address, patient: patient.address, grantee: base.provider.address,
        scope: categoryScope(CATEGORY.LAB), action: READ, purpose: PURPOSE_TREATMENT, expiresAt: until, deadline,
        ...fields,
      };
      message.nonce = fields.nonce ?? (await nonces(message.caregiver));
      return [message, await signer.signTypedData(domain, CAREGIVER_GRANT_TYPES, message)];
    };
    const grantAsCaregiver = async (fields, signer) => consent.grantByCaregiverBySig(...(await caregiverGrant(fields, signer)));
    const caregiverRevocation = async (fields = {}, signer = patient) => {
      const message = { patient: patient.address, caregiver: parent.address, deadline, ...fields };
      message.nonce = fields.nonce ?? (await nonces(message.patient));
      return [message, await signer.signTypedData(domain, CAREGIVER_REVOCATION_TYPES, message)];
    };
    const revokeCaregiver = async (fields, signer) => consent.revokeCaregiverBySig(...(await caregiverRevocation(fields, signer)));
    const revokeAsCaregiver = async (fields = {}, signer = parent) => {
      const message = {
        caregiver: parent.address, patient: patient.address, grantee: base.provider.address,
        scope: categoryScope(CATEGORY.LAB), action: READ, deadline, ...fields,
      };
      message.nonce = fields.nonce ?? (await nonces(message.caregiver));
      return consent.revokeByCaregiverBySig(message, await signer.signTypedData(domain, CAREGIVER_GRANT_REVOCATION_TYPES, message));
    };
    const lab = recordId(patient.address, CATEGORY.LAB, 1);
    const imaging = recordId(patient.address, CATEGORY.IMAGING, 1);
    const allergy = recordId(patient.address, 7, 1);
    return {
      ...base, parent, helper, domain, until, deadline, labAndImaging, lab, imaging, allergy,
      appointment, appoint, caregiverGrant, grantAsCaregiver, caregiverRevocation, revokeCaregiver, revokeAsCaregiver,
    };
  }

  async function appointed() {
    const f = await fixture();
    await f.appoint();
    return f;
  }

  async function grantedByParent() {
    const f = await appointed();
    await f.grantAsCaregiver();
    return f;
  }

  describe("appointCaregiverBySig", function () {
    it("stores the appointment, relayed by a third party, and emits CaregiverAppointed", async function () {
      const { consent, relayer, patient, parent, until, labAndImaging, appointment } = await loadFixture(fixture);
      const powers = POWER.READ | POWER.GRANT_REVOKE;
      await expect(consent.connect(relayer).appointCaregiverBySig(...(await appointment())))
        .to.emit(consent, "CaregiverAppointed")
        .withArgs(patient.address, patient.address, parent.address, labAndImaging, powers, until, 1);
      expect(await consent.caregiverOf(patient, parent)).to.deep.equal([until, BigInt(powers), 1n, ethers.ZeroAddress]);
      expect(await consent.nonces(patient)).to.equal(1n);
    });

    it("gives the caregiver READ on exactly its set of categories, and nothing it was not given", async function () {
      const { consent, patient, parent, lab, imaging, allergy } = await loadFixture(appointed);
      expect(await consent.hasAccess(patient, parent, lab, READ)).to.equal(true);
      expect(await consent.hasAccess(patient, parent, imaging, READ)).to.equal(true);
      expect(await consent.hasAccess(patient, parent, allergy, READ)).to.equal(false);
      expect(await consent.hasAccess(patient, parent, lab, WRITE)).to.equal(false);
      expect(await consent.hasAccess(patient, parent, lab, 3)).to.equal(false);
      expect(await consent.isCaregiverFor(patient, parent, categoryScope(CATEGORY.LAB), POWER.READ | POWER.GRANT_REVOKE))
        .to.equal(true);
      expect(await consent.isCaregiverFor(patient, parent, ethers.ZeroHash, POWER.READ)).to.equal(false);
      expect(await consent.isCaregiverFor(patient, parent, lab, 0)).to.equal(false);
    });

    it("scopes a caregiver to one record, or to all records", async function () {
      const { consent, patient, parent, helper, appoint, lab, imaging } = await loadFixture(fixture);
      await appoint({ scopes: [lab] });
      await appoint({ caregiver: helper.address, scopes: [ethers.ZeroHash] });
      expect(await consent.hasAccess(patient, parent, lab, READ)).to.equal(true);
      expect(await consent.hasAccess(patient, parent, imaging, READ)).to.equal(false);
      expect(await consent.hasAccess(patient, helper, imaging, READ)).to.equal(true);
    });

    it("lets a caregiver with WRITE, accredited or not, write records in scope, but never a suspended provider", async function () {
      const { consent, records, directory, accreditor, patient, parent, otherProvider, appoint, lab } = await loadFixture(fixture);
      await appoint({ powers: POWER.WRITE });
      await appoint({ caregiver: otherProvider.address, powers: POWER.WRITE });
      expect(await consent.mayWriteCategory(patient, parent, CATEGORY.LAB)).to.equal(true);
      expect(await consent.mayWriteCategory(patient, parent, 7)).to.equal(false);
      expect(await consent.hasAccess(patient, parent, lab, WRITE)).to.equal(true);
      const version = { id: lab, author: parent.address, contentDigest: ethers.id("lab"), codec: 0x55, supersedes: ethers.ZeroHash };
      await expect(records.connect(parent).anchor(version)).to.emit(records, "RecordAnchored");
      expect(await consent.mayWriteCategory(patient, otherProvider, CATEGORY.LAB)).to.equal(true);
      await directory.connect(accreditor).suspend(otherProvider, 3);
      expect(await consent.mayWriteCategory(patient, otherProvider, CATEGORY.LAB)).to.equal(false);
      expect(await consent.hasAccess(patient, otherProvider, lab, WRITE)).to.equal(false);
    });

    it("lets a non-accredited grantee who is a WRITE caregiver write, where its plain WRITE grant alone would not", async function () {
      const { consent, patient, parent, appoint, until } = await loadFixture(fixture);
      await consent.connect(patient).grant(parent, ethers.ZeroHash, WRITE, PURPOSE_TREATMENT, until);
      expect(await consent.mayWriteCategory(patient, parent, CATEGORY.LAB)).to.equal(false);
      await appoint({ powers: POWER.WRITE });
      expect(await consent.mayWriteCategory(patient, parent, CATEGORY.LAB)).to.equal(true);
    });

    it("replaces an earlier appointment: a new generation, and the grants of the earlier one end", async function () {
      const { consent, patient, parent, provider, appoint, lab } = await loadFixture(grantedByParent);
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(true);
      await expect(appoint({ powers: POWER.READ })).to.emit(consent, "CaregiverAppointed");
      expect((await consent.caregiverOf(patient, parent))[2]).to.equal(2n);
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(false);
    });

    it("reverts with ConsentCaregiversInvalidCaregiver for zero, the patient or the appointer itself", async function () {
      const { consent, patient, appoint } = await loadFixture(fixture);
      for (const caregiver of [ethers.ZeroAddress, patient.address]) {
        await expect(appoint({ caregiver }))
          .to.be.revertedWithCustomError(consent, "ConsentCaregiversInvalidCaregiver").withArgs(caregiver);
      }
    });

    it("reverts with ConsentCaregiversInvalidPowers for no power or an unknown bit", async function () {
      const { consent, appoint } = await loadFixture(fixture);
      for (const powers of [0, 16, 255]) {
        await expect(appoint({ powers }))
          .to.be.revertedWithCustomError(consent, "ConsentCaregiversInvalidPowers").withArgs(powers);
      }
    });

    it("reverts with ConsentCaregiversInvalidScopes for no scope, nine scopes or another patient's record", async function () {
      const { consent, patient, otherPatient, appoint } = await loadFixture(fixture);
      const nine = Array.from({ length: 9 }, (_, i) => categoryScope(i + 1));
      for (const scopes of [[], nine, [categoryScope(1), recordId(otherPatient.address, CATEGORY.LAB, 1)]]) {
        await expect(appoint({ scopes }))
          .to.be.revertedWithCustomError(consent, "ConsentCaregiversInvalidScopes").withArgs(patient.address, scopes.length);
      }
    });

    it("reverts with ConsentRegistryExpiryInPast for an expiry not after the block time", async function () {
      const { consent, appoint } = await loadFixture(fixture);
      const t = (await now()) + 5n;
      await time.setNextBlockTimestamp(t);
      await expect(appoint({ expiresAt: t }))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryExpiryInPast").withArgs(t, t);
    });

    it("reverts with ConsentRegistryInvalidSigner for a forged or cross-chain appointment", async function () {
      const { consent, domain, patient, stranger, appointment } = await loadFixture(fixture);
      await expect(consent.appointCaregiverBySig(...(await appointment({}, stranger))))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner").withArgs(patient.address, stranger.address);
      const [message] = await appointment();
      const otherChain = await patient.signTypedData({ ...domain, chainId: 1n }, APPOINTMENT_TYPES, message);
      await expect(consent.appointCaregiverBySig(message, otherChain))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner")
        .withArgs(patient.address, ethers.verifyTypedData(domain, APPOINTMENT_TYPES, message, otherChain));
    });

    it("reverts with ConsentRegistryInvalidNonce for a replayed appointment", async function () {
      const { consent, patient, appointment } = await loadFixture(fixture);
      const signed = await appointment();
      await consent.appointCaregiverBySig(...signed);
      await expect(consent.appointCaregiverBySig(...signed))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce").withArgs(patient.address, 1n, 0n);
    });

    it("reverts with ConsentRegistryExpiredSignature after the deadline", async function () {
      const { consent, appointment } = await loadFixture(fixture);
      const deadline = (await now()) + 10n;
      const signed = await appointment({ deadline });
      await time.increaseTo(deadline + 1n);
      await expect(consent.appointCaregiverBySig(...signed))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryExpiredSignature").withArgs(deadline);
    });

    it("accepts an ERC-1271 wallet as the caregiver's signer for its grants", async function () {
      const { consent, patient, provider, contractWallet, walletOwner, appoint, grantAsCaregiver, lab } = await loadFixture(fixture);
      const wallet = await contractWallet.getAddress();
      await appoint({ caregiver: wallet });
      await expect(grantAsCaregiver({ caregiver: wallet }, walletOwner)).to.emit(consent, "AccessGrantedByCaregiver");
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(true);
    });
  });

  describe("appointments by a caregiver holding APPOINT", function () {
    async function appointer() {
      const f = await fixture();
      await f.appoint({ powers: POWER.READ | POWER.GRANT_REVOKE | POWER.APPOINT });
      return f;
    }
    const byParent = (f, fields = {}) => f.appoint({ appointer: f.parent.address, caregiver: f.helper.address, ...fields }, f.parent);

    it("appoints within its own powers, scopes and expiry, and the appointee ends with it", async function () {
      const f = await loadFixture(appointer);
      const { consent, patient, parent, helper, provider, lab, revokeCaregiver, grantAsCaregiver } = f;
      await expect(byParent(f, { scopes: [categoryScope(CATEGORY.LAB)] }))
        .to.emit(consent, "CaregiverAppointed")
        .withArgs(parent.address, patient.address, helper.address, [categoryScope(CATEGORY.LAB)], POWER.READ | POWER.GRANT_REVOKE, f.until, 1);
      expect((await consent.caregiverOf(patient, helper))[3]).to.equal(parent.address);
      await grantAsCaregiver({ caregiver: helper.address }, helper);
      expect(await consent.hasAccess(patient, helper, lab, READ)).to.equal(true);
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(true);
      await revokeCaregiver();
      expect(await consent.hasAccess(patient, helper, lab, READ)).to.equal(false);
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(false);
    });

    it("lets it replace its own appointee, but not a caregiver the patient appointed", async function () {
      const f = await loadFixture(appointer);
      await byParent(f);
      await expect(byParent(f, { powers: POWER.READ })).to.emit(f.consent, "CaregiverAppointed");
      await f.appoint({ caregiver: f.helper.address });
      await expect(byParent(f))
        .to.be.revertedWithCustomError(f.consent, "ConsentCaregiversInvalidCaregiver").withArgs(f.helper.address);
    });

    it("does not let it replace the live appointee of another caregiver", async function () {
      const f = await loadFixture(appointer);
      const other = f.otherProvider;
      await f.appoint({ caregiver: other.address, powers: POWER.READ | POWER.APPOINT });
      await f.appoint({ appointer: other.address, caregiver: f.helper.address, powers: POWER.READ }, other);
      await expect(byParent(f))
        .to.be.revertedWithCustomError(f.consent, "ConsentCaregiversInvalidCaregiver").withArgs(f.helper.address);
    });

    it("reverts with ConsentCaregiversMissingPower for an appointer without APPOINT", async function () {
      const f = await loadFixture(appointed);
      await expect(byParent(f))
        .to.be.revertedWithCustomError(f.consent, "ConsentCaregiversMissingPower")
        .withArgs(f.patient.address, f.parent.address, POWER.APPOINT);
    });

    it("reverts with ConsentCaregiversMissingPower for powers beyond its own, APPOINT included", async function () {
      const f = await loadFixture(appointer);
      for (const powers of [POWER.READ | POWER.WRITE, POWER.READ | POWER.APPOINT]) {
        await expect(byParent(f, { powers }))
          .to.be.revertedWithCustomError(f.consent, "ConsentCaregiversMissingPower")
          .withArgs(f.patient.address, f.parent.address, powers & ~POWER.READ);
      }
    });

    it("reverts with ConsentCaregiversOutOfScope and ConsentCaregiversBeyondExpiry outside its own appointment", async function () {
      const f = await loadFixture(appointer);
      await expect(byParent(f, { scopes: [ethers.ZeroHash] }))
        .to.be.revertedWithCustomError(f.consent, "ConsentCaregiversOutOfScope")
        .withArgs(f.patient.address, f.parent.address, ethers.ZeroHash);
      await expect(byParent(f, { expiresAt: f.until + 1n }))
        .to.be.revertedWithCustomError(f.consent, "ConsentCaregiversBeyondExpiry").withArgs(f.until + 1n, f.until);
    });

    it("reverts with ConsentCaregiversNotCaregiver for an appointer that is no live caregiver", async function () {
      const f = await loadFixture(appointer);
      await f.revokeCaregiver();
      await expect(byParent(f))
        .to.be.revertedWithCustomError(f.consent, "ConsentCaregiversNotCaregiver").withArgs(f.patient.address, f.parent.address);
    });

    it("reverts with ConsentCaregiversInvalidCaregiver when it appoints itself", async function () {
      const f = await loadFixture(appointer);
      await expect(byParent(f, { caregiver: f.parent.address }))
        .to.be.revertedWithCustomError(f.consent, "ConsentCaregiversInvalidCaregiver").withArgs(f.parent.address);
    });
  });

  describe("grantByCaregiverBySig", function () {
    it("grants with the caregiver's own signature and says so: AccessGranted and AccessGrantedByCaregiver", async function () {
      const { consent, relayer, patient, parent, provider, until, lab, caregiverGrant } = await loadFixture(appointed);
      const scope = categoryScope(CATEGORY.LAB);
      await expect(consent.connect(relayer).grantByCaregiverBySig(...(await caregiverGrant())))
        .to.emit(consent, "AccessGranted").withArgs(patient.address, provider.address, scope, READ, PURPOSE_TREATMENT, until)
        .and.to.emit(consent, "AccessGrantedByCaregiver").withArgs(parent.address, patient.address, provider.address, scope, READ, 1);
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(true);
      expect(await consent.grantOf(patient, provider, scope, READ)).to.deep.equal([until, BigInt(PURPOSE_TREATMENT)]);
      expect(await consent.nonces(parent)).to.equal(1n);
      expect(await consent.nonces(patient)).to.equal(1n);
    });

    it("grants on a record inside a category of its scope", async function () {
      const { consent, patient, provider, grantAsCaregiver, lab } = await loadFixture(appointed);
      await grantAsCaregiver({ scope: lab });
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(true);
    });

    it("reverts with ConsentCaregiversNotCaregiver for a signer that was never appointed", async function () {
      const { consent, patient, stranger, grantAsCaregiver } = await loadFixture(appointed);
      await expect(grantAsCaregiver({ caregiver: stranger.address }, stranger))
        .to.be.revertedWithCustomError(consent, "ConsentCaregiversNotCaregiver").withArgs(patient.address, stranger.address);
    });

    it("reverts with ConsentCaregiversNotCaregiver after the caregiver's expiry", async function () {
      const { consent, patient, parent, until, caregiverGrant } = await loadFixture(appointed);
      const signed = await caregiverGrant({ expiresAt: until });
      await time.increaseTo(until);
      await expect(consent.grantByCaregiverBySig(...signed))
        .to.be.revertedWithCustomError(consent, "ConsentCaregiversNotCaregiver").withArgs(patient.address, parent.address);
    });

    it("reverts with ConsentCaregiversNotCaregiver after revocation", async function () {
      const { consent, patient, parent, revokeCaregiver, grantAsCaregiver } = await loadFixture(appointed);
      await revokeCaregiver();
      await expect(grantAsCaregiver())
        .to.be.revertedWithCustomError(consent, "ConsentCaregiversNotCaregiver").withArgs(patient.address, parent.address);
    });

    it("reverts with ConsentCaregiversMissingPower without GRANT_REVOKE, or for an action it does not hold", async function () {
      const { consent, patient, parent, appoint, grantAsCaregiver } = await loadFixture(fixture);
      await appoint({ powers: POWER.READ });
      await expect(grantAsCaregiver())
        .to.be.revertedWithCustomError(consent, "ConsentCaregiversMissingPower").withArgs(patient.address, parent.address, POWER.GRANT_REVOKE);
      await appoint({ powers: POWER.READ | POWER.GRANT_REVOKE });
      await expect(grantAsCaregiver({ action: WRITE }))
        .to.be.revertedWithCustomError(consent, "ConsentCaregiversMissingPower").withArgs(patient.address, parent.address, POWER.WRITE);
    });

    it("reverts with ConsentRegistryInvalidAction for an action that is neither READ nor WRITE", async function () {
      const { consent, grantAsCaregiver } = await loadFixture(appointed);
      await expect(grantAsCaregiver({ action: 4 }))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidAction").withArgs(4);
    });

    it("reverts with ConsentCaregiversOutOfScope outside its scopes", async function () {
      const { consent, patient, parent, grantAsCaregiver, allergy } = await loadFixture(appointed);
      for (const scope of [ethers.ZeroHash, categoryScope(7), allergy]) {
        await expect(grantAsCaregiver({ scope }))
          .to.be.revertedWithCustomError(consent, "ConsentCaregiversOutOfScope").withArgs(patient.address, parent.address, scope);
      }
    });

    it("reverts with ConsentCaregiversBeyondExpiry for a grant outliving the caregiver", async function () {
      const { consent, until, grantAsCaregiver } = await loadFixture(appointed);
      await expect(grantAsCaregiver({ expiresAt: until + 1n }))
        .to.be.revertedWithCustomError(consent, "ConsentCaregiversBeyondExpiry").withArgs(until + 1n, until);
    });

    it("validates the grant as grant does", async function () {
      const { consent, grantAsCaregiver } = await loadFixture(appointed);
      await expect(grantAsCaregiver({ purpose: 0 }))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidPurpose").withArgs(0);
    });

    it("reverts for a forged, cross-chain, replayed or expired caregiver signature", async function () {
      const { consent, domain, parent, stranger, caregiverGrant } = await loadFixture(appointed);
      await expect(consent.grantByCaregiverBySig(...(await caregiverGrant({}, stranger))))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner").withArgs(parent.address, stranger.address);
      const [message] = await caregiverGrant();
      const otherChain = await parent.signTypedData({ ...domain, chainId: 5n }, CAREGIVER_GRANT_TYPES, message);
      await expect(consent.grantByCaregiverBySig(message, otherChain))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner")
        .withArgs(parent.address, ethers.verifyTypedData(domain, CAREGIVER_GRANT_TYPES, message, otherChain));
      const signed = await caregiverGrant();
      await consent.grantByCaregiverBySig(...signed);
      await expect(consent.grantByCaregiverBySig(...signed))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidNonce").withArgs(parent.address, 1n, 0n);
      const deadline = (await now()) + 10n;
      const late = await caregiverGrant({ deadline });
      await time.increaseTo(deadline + 1n);
      await expect(consent.grantByCaregiverBySig(...late))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryExpiredSignature").withArgs(deadline);
    });

    it("does not take a patient's Grant signature made by the caregiver", async function () {
      const { consent, domain, patient, parent, provider, until, deadline } = await loadFixture(appointed);
      const grant = {
        patient: patient.address, grantee: provider.address, scope: categoryScope(CATEGORY.LAB), action: READ,
        purpose: PURPOSE_TREATMENT, expiresAt: until, nonce: 1n, deadline,
      };
      await expect(consent.grantBySig(grant, await parent.signTypedData(domain, GRANT_TYPES, grant)))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner").withArgs(patient.address, parent.address);
    });
  });

  describe("revokeCaregiverBySig: the cascade", function () {
    it("ends the caregiver's powers and every grant it made in one call, and emits CaregiverRevoked", async function () {
      const { consent, relayer, patient, parent, provider, otherProvider, lab, imaging, grantAsCaregiver, caregiverRevocation } =
        await loadFixture(grantedByParent);
      await grantAsCaregiver({ grantee: otherProvider.address, scope: categoryScope(CATEGORY.IMAGING) });
      expect(await consent.hasAccess(patient, otherProvider, imaging, READ)).to.equal(true);
      await expect(consent.connect(relayer).revokeCaregiverBySig(...(await caregiverRevocation())))
        .to.emit(consent, "CaregiverRevoked").withArgs(patient.address, parent.address, 2);
      expect(await consent.hasAccess(patient, parent, lab, READ)).to.equal(false);
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(false);
      expect(await consent.hasAccess(patient, otherProvider, imaging, READ)).to.equal(false);
      expect(await consent.caregiverOf(patient, parent)).to.deep.equal([0n, 0n, 2n, ethers.ZeroAddress]);
    });

    it("does not revive the grants when the caregiver is appointed again", async function () {
      const { consent, patient, provider, lab, appoint, revokeCaregiver } = await loadFixture(grantedByParent);
      await revokeCaregiver();
      await appoint();
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(false);
    });

    it("keeps a grant the patient made again over the caregiver's", async function () {
      const { consent, patient, provider, lab, until, revokeCaregiver } = await loadFixture(grantedByParent);
      await consent.connect(patient).grant(provider, categoryScope(CATEGORY.LAB), READ, PURPOSE_TREATMENT, until);
      await revokeCaregiver();
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(true);
    });

    it("ends the grants at the caregiver's expiry", async function () {
      const { consent, patient, provider, lab, grantAsCaregiver } = await loadFixture(appointed);
      const early = (await now()) + BigInt(ONE_DAY);
      await grantAsCaregiver({ expiresAt: early, grantee: provider.address, scope: lab });
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(true);
      await time.increaseTo(early);
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(false);
    });

    it("makes the patient's revoke of a cascaded grant revert with ConsentRegistryNoSuchGrant", async function () {
      const { consent, patient, provider, revokeCaregiver } = await loadFixture(grantedByParent);
      await revokeCaregiver();
      await expect(consent.connect(patient).revoke(provider, categoryScope(CATEGORY.LAB), READ))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryNoSuchGrant");
    });

    it("reverts with ConsentCaregiversNoSuchCaregiver for a caregiver never appointed or revoked already", async function () {
      const { consent, patient, parent, stranger, revokeCaregiver } = await loadFixture(appointed);
      await expect(revokeCaregiver({ caregiver: stranger.address }))
        .to.be.revertedWithCustomError(consent, "ConsentCaregiversNoSuchCaregiver").withArgs(patient.address, stranger.address);
      await revokeCaregiver();
      await expect(revokeCaregiver())
        .to.be.revertedWithCustomError(consent, "ConsentCaregiversNoSuchCaregiver").withArgs(patient.address, parent.address);
    });

    it("reverts with ConsentRegistryInvalidSigner when the caregiver (not the patient) signs it", async function () {
      const { consent, patient, parent, revokeCaregiver } = await loadFixture(appointed);
      await expect(revokeCaregiver({}, parent))
        .to.be.revertedWithCustomError(consent, "ConsentRegistryInvalidSigner").withArgs(patient.address, parent.address);
    });
  });

  describe("revokeByCaregiverBySig", function () {
    it("revokes a grant in its scope on the patient's behalf and says so", async function () {
      const { consent, patient, parent, provider, lab, until, revokeAsCaregiver } = await loadFixture(appointed);
      await consent.connect(patient).grant(provider, categoryScope(CATEGORY.LAB), READ, PURPOSE_TREATMENT, until);
      await expect(revokeAsCaregiver())
        .to.emit(consent, "AccessRevoked").withArgs(patient.address, provider.address, categoryScope(CATEGORY.LAB), READ)
        .and.to.emit(consent, "AccessRevokedByCaregiver")
        .withArgs(parent.address, patient.address, provider.address, categoryScope(CATEGORY.LAB), READ);
      expect(await consent.hasAccess(patient, provider, lab, READ)).to.equal(false);
    });

    it("reverts with ConsentCaregiversOutOfScope, ConsentCaregiversMissingPower and ConsentRegistryNoSuchGrant", async function () {
      const { consent, patient, parent, provider, revokeAsCaregiver, appoint } = await loadFixture(appointed);
      await expect(revokeAsCaregiver({ scope: ethers.ZeroHash }))
        .to.be.revertedWithCustomError(consent, "ConsentCaregiversOutOfScope").withArgs(patient.address, parent.address, ethers.ZeroHash);
      await expect(revokeAsCaregiver())
        .to.be.revertedWithCustomError(consent, "ConsentRegistryNoSuchGrant")
        .withArgs(patient.address, provider.address, categoryScope(CATEGORY.LAB), READ);
      await appoint({ powers: POWER.READ });
      await expect(revokeAsCaregiver())
        .to.be.revertedWithCustomError(consent, "ConsentCaregiversMissingPower").withArgs(patient.address, parent.address, POWER.GRANT_REVOKE);
    });
  });
});
