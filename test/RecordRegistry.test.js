const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture } = require("@nomicfoundation/hardhat-network-helpers");
const { deployHealthKey, now, ONE_DAY } = require("./helpers/fixtures");
const { WRITE, READ, CATEGORY, recordId, categoryScope } = require("./helpers/healthkey");

const RAW = 0x55;
const DAG_PB = 0x70;

function anchorOf(patient, category, serial, author, supersedes = ethers.ZeroHash) {
  return { id: recordId(patient, category, serial), author, contentDigest: ethers.id(`${patient}/${serial}`), codec: RAW, supersedes };
}

describe("RecordRegistry", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const expiresAt = (await now()) + BigInt(ONE_DAY);
    await base.consent.connect(base.patient).grant(base.provider, categoryScope(CATEGORY.LAB), WRITE, 1, expiresAt);
    return { ...base, expiresAt };
  }

  async function anchoredOnce() {
    const f = await fixture();
    await f.records.connect(f.patient).anchor(anchorOf(f.patient.address, CATEGORY.LAB, 1, f.patient.address));
    return f;
  }

  function expectAnchored(tx, records, version) {
    const patient = ethers.dataSlice(version.id, 0, 20);
    const category = Number(ethers.dataSlice(version.id, 20, 22));
    return expect(tx).to.emit(records, "RecordAnchored").withArgs(
      version.id, ethers.getAddress(patient), version.author, version.contentDigest, version.codec, category, version.supersedes);
  }

  describe("deployment", function () {
    it("exposes the consent registry and grants the admin and relayer roles", async function () {
      const { records, consent, admin, relayer } = await loadFixture(fixture);
      expect(await records.consentRegistry()).to.equal(await consent.getAddress());
      expect(await records.RELAYER_ROLE()).to.equal(ethers.id("RELAYER_ROLE"));
      expect(await records.hasRole(ethers.ZeroHash, admin)).to.equal(true);
      expect(await records.hasRole(ethers.id("RELAYER_ROLE"), relayer)).to.equal(true);
    });
  });

  describe("anchor", function () {
    it("anchors a record sent by its patient and records the serial", async function () {
      const { records, patient } = await loadFixture(fixture);
      const version = anchorOf(patient.address, CATEGORY.LAB, 5, patient.address);
      await expectAnchored(records.connect(patient).anchor(version), records, version);
      expect(await records.lastSerialOf(patient)).to.equal(5n);
    });

    it("anchors a dag-pb record written by a WRITE-granted provider, relayed", async function () {
      const { records, relayer, patient, provider } = await loadFixture(fixture);
      const version = { ...anchorOf(patient.address, CATEGORY.LAB, 1, provider.address), codec: DAG_PB };
      await expectAnchored(records.connect(relayer).anchor(version), records, version);
    });

    it("anchors a record the provider sends itself", async function () {
      const { records, patient, provider } = await loadFixture(fixture);
      const version = anchorOf(patient.address, CATEGORY.LAB, 1, provider.address);
      await expectAnchored(records.connect(provider).anchor(version), records, version);
    });

    it("reverts with RecordRegistryUnauthorizedRelayer when the caller is neither author nor relayer", async function () {
      const { records, patient, stranger } = await loadFixture(fixture);
      const version = anchorOf(patient.address, CATEGORY.LAB, 1, patient.address);
      await expect(records.connect(stranger).anchor(version))
        .to.be.revertedWithCustomError(records, "RecordRegistryUnauthorizedRelayer").withArgs(stranger.address, patient.address);
    });

    it("reverts with RecordRegistryUnauthorizedAuthor for an author without a WRITE grant", async function () {
      const { records, relayer, patient, otherProvider, provider } = await loadFixture(fixture);
      for (const version of [
        anchorOf(patient.address, CATEGORY.LAB, 1, otherProvider.address),
        anchorOf(patient.address, CATEGORY.IMAGING, 1, provider.address),
        anchorOf(patient.address, CATEGORY.LAB, 1, ethers.ZeroAddress),
      ]) {
        await expect(records.connect(relayer).anchor(version))
          .to.be.revertedWithCustomError(records, "RecordRegistryUnauthorizedAuthor").withArgs(version.id, version.author);
      }
    });

    it("reverts with RecordRegistryUnauthorizedAuthor for a provider holding only READ, or suspended", async function () {
      const { records, consent, directory, accreditor, relayer, patient, provider, otherProvider, expiresAt } = await loadFixture(fixture);
      await consent.connect(patient).grant(otherProvider, ethers.ZeroHash, READ, 1, expiresAt);
      const readOnly = anchorOf(patient.address, CATEGORY.LAB, 1, otherProvider.address);
      await expect(records.connect(relayer).anchor(readOnly))
        .to.be.revertedWithCustomError(records, "RecordRegistryUnauthorizedAuthor").withArgs(readOnly.id, otherProvider.address);
      await directory.connect(accreditor).suspend(provider, 2);
      const suspended = anchorOf(patient.address, CATEGORY.LAB, 1, provider.address);
      await expect(records.connect(relayer).anchor(suspended))
        .to.be.revertedWithCustomError(records, "RecordRegistryUnauthorizedAuthor").withArgs(suspended.id, provider.address);
    });

    it("reverts with RecordRegistryInvalidRecordId for a zero patient or a zero category", async function () {
      const { records, relayer, patient } = await loadFixture(fixture);
      for (const version of [
        anchorOf(ethers.ZeroAddress, CATEGORY.LAB, 1, patient.address),
        anchorOf(patient.address, 0, 1, patient.address),
      ]) {
        await expect(records.connect(relayer).anchor(version))
          .to.be.revertedWithCustomError(records, "RecordRegistryInvalidRecordId").withArgs(version.id);
      }
    });

    it("reverts with RecordRegistryInvalidContent for a zero digest or an unknown codec", async function () {
      const { records, patient } = await loadFixture(fixture);
      const base = anchorOf(patient.address, CATEGORY.LAB, 1, patient.address);
      for (const version of [{ ...base, contentDigest: ethers.ZeroHash }, { ...base, codec: 0x71 }, { ...base, codec: 0 }]) {
        await expect(records.connect(patient).anchor(version))
          .to.be.revertedWithCustomError(records, "RecordRegistryInvalidContent")
          .withArgs(version.id, version.contentDigest, version.codec);
      }
    });

    it("reverts with RecordRegistryStaleSerial for a serial not above the last one", async function () {
      const { records, patient } = await loadFixture(anchoredOnce);
      for (const serial of [0, 1]) {
        const version = anchorOf(patient.address, CATEGORY.LAB, serial, patient.address);
        await expect(records.connect(patient).anchor(version))
          .to.be.revertedWithCustomError(records, "RecordRegistryStaleSerial").withArgs(version.id, 1n);
      }
    });

    it("keeps serials per patient", async function () {
      const { records, relayer, otherPatient } = await loadFixture(anchoredOnce);
      const version = anchorOf(otherPatient.address, CATEGORY.LAB, 1, otherPatient.address);
      await expectAnchored(records.connect(relayer).anchor(version), records, version);
    });

    describe("supersedes", function () {
      it("anchors a new version of an earlier record of the same patient and category", async function () {
        const { records, patient } = await loadFixture(anchoredOnce);
        const version = anchorOf(patient.address, CATEGORY.LAB, 2, patient.address, recordId(patient.address, CATEGORY.LAB, 1));
        await expectAnchored(records.connect(patient).anchor(version), records, version);
      });

      it("lets a provider holding WRITE only on the superseded version write the new one", async function () {
        const { records, consent, relayer, patient, otherProvider, expiresAt } = await loadFixture(anchoredOnce);
        const previous = recordId(patient.address, CATEGORY.LAB, 1);
        await consent.connect(patient).grant(otherProvider, previous, WRITE, 1, expiresAt);
        const version = anchorOf(patient.address, CATEGORY.LAB, 2, otherProvider.address, previous);
        await expectAnchored(records.connect(relayer).anchor(version), records, version);
      });

      it("does not count a WRITE grant on the new id itself, only one on the version it supersedes", async function () {
        const { records, consent, relayer, patient, otherProvider, expiresAt } = await loadFixture(anchoredOnce);
        const previous = recordId(patient.address, CATEGORY.LAB, 1);
        await consent.connect(patient).grant(otherProvider, recordId(patient.address, CATEGORY.LAB, 2), WRITE, 1, expiresAt);
        for (const version of [
          anchorOf(patient.address, CATEGORY.LAB, 2, otherProvider.address),
          anchorOf(patient.address, CATEGORY.LAB, 2, otherProvider.address, previous),
        ]) {
          await expect(records.connect(relayer).anchor(version))
            .to.be.revertedWithCustomError(records, "RecordRegistryUnauthorizedAuthor").withArgs(version.id, otherProvider.address);
        }
        await consent.connect(patient).grant(otherProvider, previous, WRITE, 1, expiresAt);
        const version = anchorOf(patient.address, CATEGORY.LAB, 2, otherProvider.address, previous);
        await expectAnchored(records.connect(relayer).anchor(version), records, version);
      });

      it("reverts with RecordRegistryUnauthorizedAuthor for a suspended provider holding WRITE on the superseded version", async function () {
        const { records, consent, directory, accreditor, relayer, patient, otherProvider, expiresAt } = await loadFixture(anchoredOnce);
        const previous = recordId(patient.address, CATEGORY.LAB, 1);
        await consent.connect(patient).grant(otherProvider, previous, WRITE, 1, expiresAt);
        await directory.connect(accreditor).suspend(otherProvider, 2);
        const version = anchorOf(patient.address, CATEGORY.LAB, 2, otherProvider.address, previous);
        await expect(records.connect(relayer).anchor(version))
          .to.be.revertedWithCustomError(records, "RecordRegistryUnauthorizedAuthor").withArgs(version.id, otherProvider.address);
      });

      it("reverts with RecordRegistryInvalidSupersedes for another patient, another category, serial zero or a serial not yet anchored", async function () {
        const { records, patient, otherPatient } = await loadFixture(anchoredOnce);
        for (const previous of [
          recordId(otherPatient.address, CATEGORY.LAB, 1),
          recordId(patient.address, CATEGORY.IMAGING, 1),
          recordId(patient.address, CATEGORY.LAB, 0),
          recordId(patient.address, CATEGORY.LAB, 2),
        ]) {
          const version = anchorOf(patient.address, CATEGORY.LAB, 3, patient.address, previous);
          await expect(records.connect(patient).anchor(version))
            .to.be.revertedWithCustomError(records, "RecordRegistryInvalidSupersedes").withArgs(version.id, previous);
        }
      });

      it("reverts with RecordRegistryUnauthorizedAuthor when the author holds WRITE on neither version", async function () {
        const { records, relayer, patient, otherProvider } = await loadFixture(anchoredOnce);
        const version = anchorOf(patient.address, CATEGORY.LAB, 2, otherProvider.address, recordId(patient.address, CATEGORY.LAB, 1));
        await expect(records.connect(relayer).anchor(version))
          .to.be.revertedWithCustomError(records, "RecordRegistryUnauthorizedAuthor").withArgs(version.id, otherProvider.address);
      });
    });
  });

  describe("anchorBatch", function () {
    it("anchors every version and emits RecordAnchored for each", async function () {
      const { records, relayer, patient, otherPatient, provider } = await loadFixture(fixture);
      const batch = [
        anchorOf(patient.address, CATEGORY.LAB, 1, patient.address),
        anchorOf(otherPatient.address, CATEGORY.IMAGING, 1, otherPatient.address),
        anchorOf(patient.address, CATEGORY.LAB, 2, provider.address, recordId(patient.address, CATEGORY.LAB, 1)),
      ];
      const tx = records.connect(relayer).anchorBatch(batch);
      for (const version of batch) await expectAnchored(tx, records, version);
      expect(await records.lastSerialOf(patient)).to.equal(2n);
      expect(await records.lastSerialOf(otherPatient)).to.equal(1n);
    });

    it("lets an author batch its own versions without RELAYER_ROLE", async function () {
      const { records, patient } = await loadFixture(fixture);
      const batch = [1, 2, 3].map((serial) => anchorOf(patient.address, CATEGORY.LAB, serial, patient.address));
      await expect(records.connect(patient).anchorBatch(batch)).to.emit(records, "RecordAnchored");
      expect(await records.lastSerialOf(patient)).to.equal(3n);
    });

    it("anchors runs of one provider's versions, remembering its category grant only for the same patient, author and category", async function () {
      const { records, consent, relayer, patient, otherPatient, provider, expiresAt } = await loadFixture(fixture);
      await consent.connect(otherPatient).grant(provider, ethers.ZeroHash, WRITE, 1, expiresAt);
      const batch = [
        anchorOf(patient.address, CATEGORY.LAB, 1, provider.address),
        anchorOf(patient.address, CATEGORY.LAB, 2, provider.address),
        anchorOf(patient.address, CATEGORY.LAB, 3, patient.address),
        anchorOf(patient.address, CATEGORY.LAB, 4, provider.address),
        anchorOf(otherPatient.address, CATEGORY.IMAGING, 1, provider.address),
        anchorOf(otherPatient.address, CATEGORY.LAB, 2, provider.address),
        anchorOf(patient.address, CATEGORY.LAB, 5, provider.address),
      ];
      const tx = records.connect(relayer).anchorBatch(batch);
      for (const version of batch) await expectAnchored(tx, records, version);
      expect(await records.lastSerialOf(patient)).to.equal(5n);
      expect(await records.lastSerialOf(otherPatient)).to.equal(2n);
    });

    it("reverts with RecordRegistryUnauthorizedAuthor when the patient, the author or the category differs from an allowed version before it", async function () {
      const { records, relayer, patient, otherPatient, provider, otherProvider } = await loadFixture(fixture);
      const allowed = anchorOf(patient.address, CATEGORY.LAB, 1, provider.address);
      for (const version of [
        anchorOf(otherPatient.address, CATEGORY.LAB, 1, provider.address),
        anchorOf(patient.address, CATEGORY.LAB, 2, otherProvider.address),
        anchorOf(patient.address, CATEGORY.IMAGING, 2, provider.address),
      ]) {
        await expect(records.connect(relayer).anchorBatch([allowed, version]))
          .to.be.revertedWithCustomError(records, "RecordRegistryUnauthorizedAuthor").withArgs(version.id, version.author);
      }
    });

    it("checks the superseded version of each record for a provider without a category grant", async function () {
      const { records, consent, relayer, patient, provider, otherProvider, expiresAt } = await loadFixture(anchoredOnce);
      const first = recordId(patient.address, CATEGORY.LAB, 1);
      await consent.connect(patient).grant(otherProvider, first, WRITE, 1, expiresAt);
      const allowed = [
        anchorOf(patient.address, CATEGORY.LAB, 2, provider.address),
        anchorOf(patient.address, CATEGORY.LAB, 3, otherProvider.address, first),
        anchorOf(patient.address, CATEGORY.LAB, 4, provider.address),
      ];
      const denied = anchorOf(patient.address, CATEGORY.LAB, 5, otherProvider.address, recordId(patient.address, CATEGORY.LAB, 3));
      await expect(records.connect(relayer).anchorBatch([...allowed, denied]))
        .to.be.revertedWithCustomError(records, "RecordRegistryUnauthorizedAuthor").withArgs(denied.id, otherProvider.address);
      const tx = records.connect(relayer).anchorBatch(allowed);
      for (const version of allowed) await expectAnchored(tx, records, version);
    });

    it("reverts with RecordRegistryUnauthorizedRelayer when one version is by another author", async function () {
      const { records, patient, otherPatient } = await loadFixture(fixture);
      const batch = [
        anchorOf(patient.address, CATEGORY.LAB, 1, patient.address),
        anchorOf(otherPatient.address, CATEGORY.LAB, 1, otherPatient.address),
      ];
      await expect(records.connect(patient).anchorBatch(batch))
        .to.be.revertedWithCustomError(records, "RecordRegistryUnauthorizedRelayer").withArgs(patient.address, otherPatient.address);
    });

    it("is all or nothing: one invalid version reverts the whole batch", async function () {
      const { records, relayer, patient, otherPatient } = await loadFixture(fixture);
      const batch = [
        anchorOf(patient.address, CATEGORY.LAB, 1, patient.address),
        anchorOf(otherPatient.address, CATEGORY.LAB, 1, otherPatient.address),
        anchorOf(patient.address, CATEGORY.LAB, 1, patient.address),
      ];
      await expect(records.connect(relayer).anchorBatch(batch))
        .to.be.revertedWithCustomError(records, "RecordRegistryStaleSerial").withArgs(batch[2].id, 1n);
      expect(await records.lastSerialOf(patient)).to.equal(0n);
      expect(await records.lastSerialOf(otherPatient)).to.equal(0n);
    });

    it("reverts with RecordRegistryStaleSerial for serials of one patient out of order", async function () {
      const { records, relayer, patient } = await loadFixture(fixture);
      const batch = [3, 2].map((serial) => anchorOf(patient.address, CATEGORY.LAB, serial, patient.address));
      await expect(records.connect(relayer).anchorBatch(batch))
        .to.be.revertedWithCustomError(records, "RecordRegistryStaleSerial").withArgs(batch[1].id, 3n);
    });

    it("reverts with RecordRegistryEmptyBatch for an empty batch", async function () {
      const { records, relayer } = await loadFixture(fixture);
      await expect(records.connect(relayer).anchorBatch([]))
        .to.be.revertedWithCustomError(records, "RecordRegistryEmptyBatch").withArgs();
    });
  });
});
