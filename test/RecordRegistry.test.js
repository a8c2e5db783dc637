const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture } = require("@nomicfoundation/hardhat-network-helpers");
const { deployHealthKey, fundedWallet, now, ONE_DAY } = require("./helpers/fixtures");
const { WRITE, READ, CATEGORY, recordId, categoryScope } = require("./helpers/healthkey");

const RAW = 0x55;
const DAG_PB = 0x70;
const MAX_SERIAL = 2n ** 80n - 1n;

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
    it("anchors a record sent by its patient and marks that id, and only it, anchored", async function () {
      const { records, patient } = await loadFixture(fixture);
      const version = anchorOf(patient.address, CATEGORY.LAB, 5, patient.address);
      expect(await records.isAnchored(version.id)).to.equal(false);
      await expectAnchored(records.connect(patient).anchor(version), records, version);
      expect(await records.isAnchored(version.id)).to.equal(true);
      for (const other of [
        recordId(patient.address, CATEGORY.LAB, 4),
        recordId(patient.address, CATEGORY.LAB, 6),
        recordId(patient.address, CATEGORY.LAB, 5n + 256n),
        recordId(patient.address, CATEGORY.IMAGING, 5),
      ]) {
        expect(await records.isAnchored(other)).to.equal(false);
      }
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

    it("reverts with RecordRegistryIdTaken for an id anchored before, by any author and any content", async function () {
      const { records, relayer, patient, provider } = await loadFixture(anchoredOnce);
      const taken = anchorOf(patient.address, CATEGORY.LAB, 1, patient.address);
      for (const [sender, version] of [
        [patient, taken],
        [relayer, { ...anchorOf(patient.address, CATEGORY.LAB, 1, provider.address), contentDigest: ethers.id("other") }],
        [provider, anchorOf(patient.address, CATEGORY.LAB, 1, provider.address)],
      ]) {
        await expect(records.connect(sender).anchor(version))
          .to.be.revertedWithCustomError(records, "RecordRegistryIdTaken").withArgs(version.id);
      }
    });

    it("accepts serials in any order, below and above those anchored, and the same serial in another category or for another patient", async function () {
      const { records, relayer, patient, otherPatient } = await loadFixture(anchoredOnce);
      for (const version of [
        anchorOf(patient.address, CATEGORY.LAB, 7, patient.address),
        anchorOf(patient.address, CATEGORY.LAB, 0, patient.address),
        anchorOf(patient.address, CATEGORY.LAB, 3, patient.address),
        anchorOf(patient.address, CATEGORY.LAB, 2, patient.address),
        anchorOf(patient.address, CATEGORY.IMAGING, 1, patient.address),
        anchorOf(otherPatient.address, CATEGORY.LAB, 1, otherPatient.address),
      ]) {
        await expectAnchored(records.connect(relayer).anchor(version), records, version);
      }
    });

    describe("no author can exhaust or block the ids of the patient or of another author", function () {
      async function manyWriters() {
        const f = await fixture();
        const writers = [f.provider, f.otherProvider];
        for (let i = 0; i < 6; i++) {
          const writer = await fundedWallet(f.admin);
          await f.directory.connect(f.accreditor).accredit(writer, `Clinic ${i}`, ethers.id(`licence-x${i}`));
          writers.push(writer);
        }
        for (const writer of writers) {
          await f.consent.connect(f.patient).grant(writer, ethers.ZeroHash, WRITE, 1, f.expiresAt);
        }
        return { ...f, writers };
      }

      it("lets the patient and every other writer anchor after writers anchored the largest serial and large jumps", async function () {
        const { records, relayer, patient, writers } = await loadFixture(manyWriters);
        const [greedy, ...others] = writers;
        await records.connect(greedy).anchor(anchorOf(patient.address, CATEGORY.LAB, MAX_SERIAL, greedy.address));
        await records.connect(relayer).anchor(anchorOf(patient.address, CATEGORY.IMAGING, MAX_SERIAL, greedy.address));
        const jumps = others.map((writer, i) =>
          anchorOf(patient.address, CATEGORY.LAB, MAX_SERIAL - 1n - BigInt(i) * (2n ** 72n), writer.address));
        await records.connect(relayer).anchorBatch(jumps);
        for (const [i, writer] of others.entries()) {
          await records.connect(writer).anchor(anchorOf(patient.address, CATEGORY.LAB, 2n ** 79n + BigInt(i), writer.address));
        }

        const afterwards = [
          [patient, anchorOf(patient.address, CATEGORY.LAB, 1, patient.address)],
          [patient, anchorOf(patient.address, CATEGORY.IMAGING, 1, patient.address)],
          [relayer, anchorOf(patient.address, CATEGORY.LAB, 2, others[0].address)],
          [others[1], anchorOf(patient.address, CATEGORY.LAB, 3, others[1].address)],
          [greedy, anchorOf(patient.address, CATEGORY.LAB, 4, greedy.address)],
          [patient, anchorOf(patient.address, CATEGORY.LAB, MAX_SERIAL - 2n, patient.address)],
          [patient, anchorOf(patient.address, CATEGORY.LAB, 5, patient.address,
            recordId(patient.address, CATEGORY.LAB, MAX_SERIAL))],
        ];
        for (const [sender, version] of afterwards) {
          await expectAnchored(records.connect(sender).anchor(version), records, version);
        }
        expect(await records.isAnchored(recordId(patient.address, CATEGORY.LAB, MAX_SERIAL))).to.equal(true);
        expect(await records.isAnchored(recordId(patient.address, CATEGORY.LAB, 6))).to.equal(false);
      });

      it("takes only the ids a writer anchored: a writer's run of 256 serials leaves the ids around it free", async function () {
        const { records, patient, writers } = await loadFixture(manyWriters);
        const [greedy] = writers;
        const run = Array.from({ length: 256 }, (_, i) => anchorOf(patient.address, CATEGORY.LAB, 256 + i, greedy.address));
        await records.connect(greedy).anchorBatch(run);

        for (const serial of [255, 512]) {
          const version = anchorOf(patient.address, CATEGORY.LAB, serial, patient.address);
          await expectAnchored(records.connect(patient).anchor(version), records, version);
        }
        const taken = anchorOf(patient.address, CATEGORY.LAB, 300, patient.address);
        await expect(records.connect(patient).anchor(taken))
          .to.be.revertedWithCustomError(records, "RecordRegistryIdTaken").withArgs(taken.id);
      });
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

      it("supersedes an anchored version whatever its serial, above or below the new one", async function () {
        const { records, patient } = await loadFixture(anchoredOnce);
        const high = anchorOf(patient.address, CATEGORY.LAB, MAX_SERIAL, patient.address, recordId(patient.address, CATEGORY.LAB, 1));
        await expectAnchored(records.connect(patient).anchor(high), records, high);
        const low = anchorOf(patient.address, CATEGORY.LAB, 2, patient.address, high.id);
        await expectAnchored(records.connect(patient).anchor(low), records, low);
      });

      it("reverts with RecordRegistryInvalidSupersedes for another patient, another category, serial zero, an id never anchored or the new id itself", async function () {
        const { records, patient, otherPatient } = await loadFixture(anchoredOnce);
        await records.connect(otherPatient).anchor(anchorOf(otherPatient.address, CATEGORY.LAB, 1, otherPatient.address));
        for (const previous of [
          recordId(otherPatient.address, CATEGORY.LAB, 1),
          recordId(patient.address, CATEGORY.IMAGING, 1),
          recordId(patient.address, CATEGORY.LAB, 0),
          recordId(patient.address, CATEGORY.LAB, 2),
          recordId(patient.address, CATEGORY.LAB, 1n + 256n),
          recordId(patient.address, CATEGORY.LAB, 3),
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
      for (const version of batch) expect(await records.isAnchored(version.id)).to.equal(true);
    });

    it("anchors a batch in any serial order, one version superseding another anchored earlier in it", async function () {
      const { records, relayer, patient } = await loadFixture(fixture);
      const batch = [
        anchorOf(patient.address, CATEGORY.LAB, 900, patient.address),
        anchorOf(patient.address, CATEGORY.LAB, 3, patient.address, recordId(patient.address, CATEGORY.LAB, 900)),
        anchorOf(patient.address, CATEGORY.LAB, 2, patient.address),
      ];
      const tx = records.connect(relayer).anchorBatch(batch);
      for (const version of batch) await expectAnchored(tx, records, version);
    });

    it("lets an author batch its own versions without RELAYER_ROLE", async function () {
      const { records, patient } = await loadFixture(fixture);
      const batch = [1, 2, 3].map((serial) => anchorOf(patient.address, CATEGORY.LAB, serial, patient.address));
      await expect(records.connect(patient).anchorBatch(batch)).to.emit(records, "RecordAnchored");
      for (const version of batch) expect(await records.isAnchored(version.id)).to.equal(true);
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
        .to.be.revertedWithCustomError(records, "RecordRegistryIdTaken").withArgs(batch[2].id);
      for (const version of batch) expect(await records.isAnchored(version.id)).to.equal(false);
    });

    it("reverts with RecordRegistryIdTaken for a batch naming one id twice, even with other content or author", async function () {
      const { records, relayer, patient, provider } = await loadFixture(fixture);
      const first = anchorOf(patient.address, CATEGORY.LAB, 40, patient.address);
      const again = { ...anchorOf(patient.address, CATEGORY.LAB, 40, provider.address), contentDigest: ethers.id("other") };
      const batch = [first, anchorOf(patient.address, CATEGORY.LAB, 41, patient.address), again];
      await expect(records.connect(relayer).anchorBatch(batch))
        .to.be.revertedWithCustomError(records, "RecordRegistryIdTaken").withArgs(again.id);
      expect(await records.isAnchored(first.id)).to.equal(false);
    });

    it("reverts with RecordRegistryEmptyBatch for an empty batch", async function () {
      const { records, relayer } = await loadFixture(fixture);
      await expect(records.connect(relayer).anchorBatch([]))
        .to.be.revertedWithCustomError(records, "RecordRegistryEmptyBatch").withArgs();
    });
  });
});
