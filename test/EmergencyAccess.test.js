const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { deployHealthKey, fundedWallet, now } = require("./helpers/fixtures");
const {
  READ, WRITE, CATEGORY, PURPOSE_ETREAT, EMERGENCY_SETUP_TYPES, EMERGENCY_REQUEST_TYPES, EMERGENCY_APPROVAL_TYPES,
  EMERGENCY_CLOSURE_TYPES, recordId, categoryScope, domainOf,
} = require("./helpers/healthkey");

const HOUR = 3600n;
const NONE = 0;
const SUSPENDED = 2;

describe("EmergencyAccess", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const { consent, admin, patient, provider } = base;
    const emergency = await ethers.getContractAt("EmergencyAccess", await consent.emergencyAccess());
    const keyholders = [await fundedWallet(admin), await fundedWallet(admin), await fundedWallet(admin)];
    const domain = await domainOf(emergency);
    const deadline = (await now()) + 30n * 24n * HOUR;
    const summary = recordId(patient.address, 14, 1);
    const allergies = categoryScope(7);
    const windowLength = 4n * HOUR;
    const reasonHash = ethers.id("unconscious on arrival, ER Nord");
    const signedSetup = async (fields = {}, signer = patient) => {
      const message = {
        patient: patient.address, keyholders: keyholders.map((k) => k.address), threshold: 2, windowLength,
        scopes: [summary, allergies], deadline, ...fields,
      };
      message.nonce = fields.nonce ?? (await emergency.nonces(message.patient));
      return [message, await signer.signTypedData(domain, EMERGENCY_SETUP_TYPES, message)];
    };
    const setUp = async (fields, signer) => emergency.setupBySig(...(await signedSetup(fields, signer)));
    const signedApproval = async (keyholder, fields = {}, signDomain = domain) => {
      const message = {
        keyholder: keyholder.address, patient: patient.address, requester: provider.address, round: 1, deadline, ...fields,
      };
      return [message, await keyholder.signTypedData(signDomain, EMERGENCY_APPROVAL_TYPES, message)];
    };
    const approveBySig = async (keyholder, fields) => emergency.approveBySig(...(await signedApproval(keyholder, fields)));
    const request = () => emergency.connect(provider).requestAccess(patient, PURPOSE_ETREAT, reasonHash);
    return {
      ...base, emergency, keyholders, domain, deadline, summary, allergies, windowLength, reasonHash,
      signedSetup, setUp, signedApproval, approveBySig, request,
      labRecord: recordId(patient.address, CATEGORY.LAB, 1),
    };
  }

  async function configured() {
    const f = await fixture();
    await f.setUp();
    return f;
  }

  async function requested() {
    const f = await configured();
    await f.request();
    return f;
  }

  async function opened() {
    const f = await requested();
    await f.approveBySig(f.keyholders[0]);
    await f.approveBySig(f.keyholders[1]);
    return f;
  }

  describe("deployment", function () {
    it("is deployed by ConsentRegistry with the same directory, its own EIP-712 domain and its bounds", async function () {
      const { emergency, directory, domain } = await loadFixture(fixture);
      expect(await emergency.directory()).to.equal(await directory.getAddress());
      expect(domain.name).to.equal("HealthKey EmergencyAccess");
      expect(await emergency.MAX_KEYHOLDERS()).to.equal(16n);
      expect(await emergency.MAX_SCOPES()).to.equal(8n);
      expect(await emergency.MIN_WINDOW()).to.equal(15n * 60n);
      expect(await emergency.MAX_WINDOW()).to.equal(72n * HOUR);
      expect(await emergency.APPROVAL_PERIOD()).to.equal(12n * HOUR);
      expect(await emergency.ETREAT()).to.equal(PURPOSE_ETREAT);
    });
  });

  describe("setup", function () {
    it("stores the patient's keyholders, threshold, window and scopes, relayed, and emits EmergencySetupChanged", async function () {
      const { emergency, relayer, patient, keyholders, stranger, summary, allergies, windowLength, signedSetup } =
        await loadFixture(fixture);
      const addresses = keyholders.map((k) => k.address);
      await expect(emergency.connect(relayer).setupBySig(...(await signedSetup())))
        .to.emit(emergency, "EmergencySetupChanged")
        .withArgs(patient.address, addresses, 2, windowLength, [summary, allergies], 1);
      expect(await emergency.setupOf(patient)).to.deep.equal([1n, 2n, 3n, windowLength]);
      expect(await emergency.isKeyholder(patient, keyholders[2])).to.equal(true);
      expect(await emergency.isKeyholder(patient, stranger)).to.equal(false);
      expect(await emergency.nonces(patient)).to.equal(1n);
    });

    it("accepts the patient's own transaction, 16 keyholders and the window bounds", async function () {
      const { emergency, patient } = await loadFixture(fixture);
      const sixteen = Array.from({ length: 16 }, () => ethers.Wallet.createRandom().address);
      for (const windowLength of [15n * 60n, 72n * HOUR]) {
        await expect(emergency.connect(patient).setup(sixteen, 16, windowLength, [ethers.ZeroHash]))
          .to.emit(emergency, "EmergencySetupChanged");
      }
    });

    it("is turned off by no keyholders and threshold zero: requests then revert with EmergencyAccessNotConfigured", async function () {
      const { emergency, patient, setUp, request } = await loadFixture(configured);
      await setUp({ keyholders: [], threshold: 0, scopes: [] });
      expect(await emergency.setupOf(patient)).to.deep.equal([2n, 0n, 0n, 0n]);
      await expect(request()).to.be.revertedWithCustomError(emergency, "EmergencyAccessNotConfigured").withArgs(patient.address);
    });

    it("reverts with EmergencyAccessTooManyKeyholders for 17", async function () {
      const { emergency, patient } = await loadFixture(fixture);
      const seventeen = Array.from({ length: 17 }, () => ethers.Wallet.createRandom().address);
      await expect(emergency.connect(patient).setup(seventeen, 2, 3600, [ethers.ZeroHash]))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessTooManyKeyholders").withArgs(17);
    });

    it("reverts with EmergencyAccessInvalidKeyholder for zero, the patient or a repeat", async function () {
      const { emergency, patient, keyholders, setUp } = await loadFixture(fixture);
      const [a, b] = keyholders.map((k) => k.address);
      for (const [list, bad] of [[[a, ethers.ZeroAddress], ethers.ZeroAddress], [[patient.address, a], patient.address], [[a, b, a], a]]) {
        await expect(setUp({ keyholders: list }))
          .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidKeyholder").withArgs(bad);
      }
    });

    it("reverts with EmergencyAccessInvalidThreshold for k = 0, k > n, or k without keyholders", async function () {
      const { emergency, setUp } = await loadFixture(fixture);
      for (const [threshold, keyholders] of [[0, undefined], [4, undefined], [1, []]]) {
        await expect(setUp({ threshold, ...(keyholders ? { keyholders } : {}) }))
          .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidThreshold")
          .withArgs(threshold, keyholders ? 0 : 3);
      }
    });

    it("reverts with EmergencyAccessInvalidWindow outside 15 minutes to 72 hours", async function () {
      const { emergency, setUp } = await loadFixture(fixture);
      for (const windowLength of [15n * 60n - 1n, 72n * HOUR + 1n]) {
        await expect(setUp({ windowLength }))
          .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidWindow").withArgs(windowLength);
      }
    });

    it("reverts with EmergencyAccessInvalidScopes for none, nine, or another patient's record", async function () {
      const { emergency, patient, otherPatient, setUp } = await loadFixture(fixture);
      const nine = Array.from({ length: 9 }, (_, i) => categoryScope(i + 1));
      for (const scopes of [[], nine, [recordId(otherPatient.address, 14, 1)]]) {
        await expect(setUp({ scopes }))
          .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidScopes").withArgs(patient.address, scopes.length);
      }
    });

    it("reverts for a forged, cross-chain, replayed or expired setup signature", async function () {
      const { emergency, domain, patient, stranger, signedSetup } = await loadFixture(fixture);
      await expect(emergency.setupBySig(...(await signedSetup({}, stranger))))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidSigner").withArgs(patient.address, stranger.address);
      const [message] = await signedSetup();
      const otherChain = await patient.signTypedData({ ...domain, chainId: 1n }, EMERGENCY_SETUP_TYPES, message);
      await expect(emergency.setupBySig(message, otherChain))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidSigner")
        .withArgs(patient.address, ethers.verifyTypedData(domain, EMERGENCY_SETUP_TYPES, message, otherChain));
      const signed = await signedSetup();
      await emergency.setupBySig(...signed);
      await expect(emergency.setupBySig(...signed))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidNonce").withArgs(patient.address, 1n, 0n);
      const deadline = (await now()) + 10n;
      const late = await signedSetup({ deadline });
      await time.increaseTo(deadline + 1n);
      await expect(emergency.setupBySig(...late))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessExpiredSignature").withArgs(deadline);
    });
  });

  describe("requestAccess", function () {
    it("emits EmergencyAccessRequested with the reason hash and the end of the approval period", async function () {
      const { emergency, patient, provider, reasonHash, request } = await loadFixture(configured);
      const t = (await now()) + 1n;
      await time.setNextBlockTimestamp(t);
      await expect(request())
        .to.emit(emergency, "EmergencyAccessRequested")
        .withArgs(provider.address, patient.address, PURPOSE_ETREAT, reasonHash, 1, t + 12n * HOUR);
      expect(await emergency.requestOf(patient, provider)).to.deep.equal([1n, t, 0n, 0n, false, 0n]);
    });

    it("is relayed with the requester's signature", async function () {
      const { emergency, domain, relayer, patient, provider, reasonHash, deadline } = await loadFixture(configured);
      const message = { requester: provider.address, patient: patient.address, purpose: PURPOSE_ETREAT, reasonHash, nonce: 0n, deadline };
      const signature = await provider.signTypedData(domain, EMERGENCY_REQUEST_TYPES, message);
      await expect(emergency.connect(relayer).requestAccessBySig(message, signature)).to.emit(emergency, "EmergencyAccessRequested");
      await expect(emergency.requestAccessBySig(message, signature))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidNonce").withArgs(provider.address, 1n, 0n);
    });

    it("reverts with EmergencyAccessUnaccreditedRequester for an unaccredited or suspended requester", async function () {
      const { emergency, directory, accreditor, patient, provider, stranger, reasonHash } = await loadFixture(configured);
      await expect(emergency.connect(stranger).requestAccess(patient, PURPOSE_ETREAT, reasonHash))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessUnaccreditedRequester").withArgs(stranger.address, NONE);
      await directory.connect(accreditor).suspend(provider, 1);
      await expect(emergency.connect(provider).requestAccess(patient, PURPOSE_ETREAT, reasonHash))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessUnaccreditedRequester").withArgs(provider.address, SUSPENDED);
    });

    it("reverts with EmergencyAccessInvalidPurpose, EmergencyAccessMissingReason and EmergencyAccessNotConfigured", async function () {
      const { emergency, patient, otherPatient, provider, reasonHash } = await loadFixture(configured);
      await expect(emergency.connect(provider).requestAccess(patient, 1, reasonHash))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidPurpose").withArgs(1);
      await expect(emergency.connect(provider).requestAccess(patient, PURPOSE_ETREAT, ethers.ZeroHash))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessMissingReason");
      await expect(emergency.connect(provider).requestAccess(otherPatient, PURPOSE_ETREAT, reasonHash))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessNotConfigured").withArgs(otherPatient.address);
    });
  });

  describe("approvals and the window", function () {
    it("opens nothing with one approval of two; the second opens the window on the scopes only, until its end", async function () {
      const { emergency, consent, patient, provider, keyholders, summary, labRecord, windowLength, reasonHash, approveBySig } =
        await loadFixture(requested);
      const allergy = recordId(patient.address, 7, 3);
      await expect(approveBySig(keyholders[0]))
        .to.emit(emergency, "EmergencyAccessApproved").withArgs(keyholders[0].address, patient.address, provider.address, 1, 1)
        .and.not.to.emit(emergency, "EmergencyWindowOpened");
      expect(await consent.hasAccess(patient, provider, summary, READ)).to.equal(false);
      const t = (await now()) + 1n;
      await time.setNextBlockTimestamp(t);
      await expect(approveBySig(keyholders[1]))
        .to.emit(emergency, "EmergencyWindowOpened").withArgs(patient.address, provider.address, t + windowLength, reasonHash);
      for (const [record, expected] of [[summary, true], [allergy, true], [labRecord, false]]) {
        expect(await consent.hasAccess(patient, provider, record, READ)).to.equal(expected);
      }
      expect(await consent.hasAccess(patient, provider, summary, WRITE)).to.equal(false);
      const [round, , approvals, approvalBits, settled, openUntil] = await emergency.requestOf(patient, provider);
      expect([round, approvals, approvalBits, settled, openUntil]).to.deep.equal([1n, 2n, 3n, true, t + windowLength]);
      await time.increaseTo(t + windowLength - 1n);
      expect(await consent.hasAccess(patient, provider, summary, READ)).to.equal(true);
      await time.increaseTo(t + windowLength);
      expect(await consent.hasAccess(patient, provider, summary, READ)).to.equal(false);
    });

    it("counts a keyholder's own transaction like its signature", async function () {
      const { emergency, patient, provider, keyholders } = await loadFixture(requested);
      await emergency.connect(keyholders[2]).approve(patient, provider, 1);
      await expect(emergency.connect(keyholders[0]).approve(patient, provider, 1)).to.emit(emergency, "EmergencyWindowOpened");
    });

    it("is never extended: more approvals of the round revert with EmergencyAccessRequestSettled", async function () {
      const { emergency, patient, provider, keyholders, approveBySig } = await loadFixture(opened);
      await expect(approveBySig(keyholders[2]))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessRequestSettled").withArgs(patient.address, provider.address, 1);
    });

    it("needs a new request and k new approvals for a new window; the old round's approvals revert with EmergencyAccessWrongRound", async function () {
      const { emergency, consent, patient, provider, keyholders, summary, windowLength, signedApproval, approveBySig, request } =
        await loadFixture(opened);
      await time.increase(windowLength);
      const replayed = await signedApproval(keyholders[0]);
      await request();
      await expect(emergency.approveBySig(...replayed))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessWrongRound").withArgs(patient.address, provider.address, 2, 1);
      await approveBySig(keyholders[0], { round: 2 });
      expect(await consent.hasAccess(patient, provider, summary, READ)).to.equal(false);
      await approveBySig(keyholders[2], { round: 2 });
      expect(await consent.hasAccess(patient, provider, summary, READ)).to.equal(true);
    });

    it("reverts with EmergencyAccessAlreadyApproved for a double approval, by signature or transaction", async function () {
      const { emergency, patient, provider, keyholders, signedApproval } = await loadFixture(requested);
      const signed = await signedApproval(keyholders[0]);
      await emergency.approveBySig(...signed);
      await expect(emergency.approveBySig(...signed))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessAlreadyApproved")
        .withArgs(patient.address, provider.address, keyholders[0].address);
      await expect(emergency.connect(keyholders[0]).approve(patient, provider, 1))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessAlreadyApproved");
    });

    it("reverts with EmergencyAccessNotKeyholder for anyone else, and EmergencyAccessSelfApproval for the requester", async function () {
      const { emergency, patient, provider, stranger, keyholders, approveBySig, setUp, request } = await loadFixture(configured);
      await setUp({ keyholders: [keyholders[0].address, provider.address] });
      await request();
      await expect(approveBySig(stranger))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessNotKeyholder").withArgs(patient.address, stranger.address);
      await expect(emergency.connect(provider).approve(patient, provider, 1))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessSelfApproval").withArgs(provider.address);
    });

    it("reverts with EmergencyAccessInvalidSigner for a forged or cross-chain approval", async function () {
      const { emergency, domain, keyholders, stranger, signedApproval } = await loadFixture(requested);
      const [message] = await signedApproval(keyholders[0]);
      const forged = await stranger.signTypedData(domain, EMERGENCY_APPROVAL_TYPES, message);
      await expect(emergency.approveBySig(message, forged))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidSigner").withArgs(keyholders[0].address, stranger.address);
      const [, otherChain] = await signedApproval(keyholders[0], {}, { ...domain, chainId: 1n });
      await expect(emergency.approveBySig(message, otherChain))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessInvalidSigner")
        .withArgs(keyholders[0].address, ethers.verifyTypedData(domain, EMERGENCY_APPROVAL_TYPES, message, otherChain));
    });

    it("reverts with EmergencyAccessExpiredSignature after the approval's deadline", async function () {
      const { emergency, keyholders, signedApproval } = await loadFixture(requested);
      const deadline = (await now()) + 10n;
      const signed = await signedApproval(keyholders[0], { deadline });
      await time.increaseTo(deadline + 1n);
      await expect(emergency.approveBySig(...signed))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessExpiredSignature").withArgs(deadline);
    });

    it("reverts with EmergencyAccessRequestExpired 12 hours after the request: its approvals are void", async function () {
      const { emergency, consent, patient, provider, keyholders, summary, approveBySig } = await loadFixture(requested);
      await approveBySig(keyholders[0]);
      const [, requestedAt] = await emergency.requestOf(patient, provider);
      await time.increaseTo(requestedAt + 12n * HOUR);
      await expect(approveBySig(keyholders[1]))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessRequestExpired")
        .withArgs(patient.address, provider.address, requestedAt + 12n * HOUR);
      expect(await consent.hasAccess(patient, provider, summary, READ)).to.equal(false);
    });

    it("reverts with EmergencyAccessStaleRequest once the patient changed the setup", async function () {
      const { emergency, patient, provider, keyholders, approveBySig, setUp } = await loadFixture(requested);
      await setUp();
      await expect(approveBySig(keyholders[0]))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessStaleRequest").withArgs(patient.address, provider.address);
    });

    it("reverts with EmergencyAccessNoSuchRequest and EmergencyAccessWrongRound for rounds never requested", async function () {
      const { emergency, patient, provider, otherProvider, keyholders, approveBySig } = await loadFixture(requested);
      await expect(approveBySig(keyholders[0], { requester: otherProvider.address }))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessNoSuchRequest").withArgs(patient.address, otherProvider.address);
      await expect(approveBySig(keyholders[0], { round: 2 }))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessWrongRound").withArgs(patient.address, provider.address, 1, 2);
    });

    it("gives a suspended requester no access through an open window, and none to another requester", async function () {
      const { consent, directory, accreditor, patient, provider, otherProvider, summary } = await loadFixture(opened);
      expect(await consent.hasAccess(patient, otherProvider, summary, READ)).to.equal(false);
      await directory.connect(accreditor).suspend(provider, 1);
      expect(await consent.hasAccess(patient, provider, summary, READ)).to.equal(false);
    });

    it("opens every record of the patient when the setup's scope is all records", async function () {
      const { consent, patient, provider, keyholders, labRecord, setUp, request, approveBySig } = await loadFixture(configured);
      await setUp({ scopes: [ethers.ZeroHash], threshold: 1 });
      await request();
      await approveBySig(keyholders[0]);
      expect(await consent.hasAccess(patient, provider, labRecord, READ)).to.equal(true);
    });

    it("answers false for a record of another patient, even inside an open window", async function () {
      const { emergency, patient, otherPatient, provider } = await loadFixture(opened);
      expect(await emergency.hasEmergencyAccess(patient, provider, recordId(otherPatient.address, 14, 1))).to.equal(false);
    });
  });

  describe("closing", function () {
    it("lets the patient close an open window early, relayed, and emits EmergencyAccessClosed", async function () {
      const { emergency, consent, domain, relayer, patient, provider, summary, deadline } = await loadFixture(opened);
      const closure = { patient: patient.address, requester: provider.address, nonce: 1n, deadline };
      const signature = await patient.signTypedData(domain, EMERGENCY_CLOSURE_TYPES, closure);
      await expect(emergency.connect(relayer).closeBySig(closure, signature))
        .to.emit(emergency, "EmergencyAccessClosed").withArgs(patient.address, provider.address, 1);
      expect(await consent.hasAccess(patient, provider, summary, READ)).to.equal(false);
    });

    it("lets the patient close a pending request: its approvals then revert with EmergencyAccessRequestSettled", async function () {
      const { emergency, patient, provider, keyholders, approveBySig } = await loadFixture(requested);
      await expect(emergency.connect(patient).close(provider)).to.emit(emergency, "EmergencyAccessClosed");
      await expect(approveBySig(keyholders[0]))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessRequestSettled");
    });

    it("reverts with EmergencyAccessNothingToClose without a window or a pending request", async function () {
      const { emergency, patient, provider, windowLength } = await loadFixture(opened);
      await time.increase(windowLength);
      await expect(emergency.connect(patient).close(provider))
        .to.be.revertedWithCustomError(emergency, "EmergencyAccessNothingToClose").withArgs(patient.address, provider.address);
      const f = await loadFixture(requested);
      await time.increase(12n * HOUR);
      await expect(f.emergency.connect(f.patient).close(f.provider))
        .to.be.revertedWithCustomError(f.emergency, "EmergencyAccessNothingToClose");
    });

    it("closes every window of the patient with a new setup, and a new request does not revive it", async function () {
      const { consent, patient, provider, summary, setUp, request } = await loadFixture(opened);
      await setUp();
      expect(await consent.hasAccess(patient, provider, summary, READ)).to.equal(false);
      await request();
      expect(await consent.hasAccess(patient, provider, summary, READ)).to.equal(false);
    });
  });
});
