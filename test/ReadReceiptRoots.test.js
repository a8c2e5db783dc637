const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");
const { deployHealthKey } = require("./helpers/fixtures");
const { CATEGORY, READ_RECEIPT_LEAF_TYPES, recordId } = require("./helpers/healthkey");

const ANCHORER_ROLE = ethers.id("ANCHORER_ROLE");

function receipts(patient, reader, count, firstReadId = 1) {
  return Array.from({ length: count }, (_, i) => [
    ethers.hexlify(ethers.randomBytes(32)), firstReadId + i, patient, reader,
    recordId(patient, CATEGORY.LAB, 1 + (i % 3)), 1_800_000_000 + i, i % 4 !== 3,
  ]);
}

describe("ReadReceiptRoots", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const roots = await ethers.deployContract("ReadReceiptRoots", [base.admin, base.relayer]);
    const tree = StandardMerkleTree.of(receipts(base.patient.address, base.provider.address, 5, 10),
      READ_RECEIPT_LEAF_TYPES);
    return { ...base, roots, tree };
  }

  async function publishedOnce() {
    const f = await fixture();
    await f.roots.connect(f.relayer).publish(1, f.tree.root, 5, 10, 14);
    return f;
  }

  describe("deployment", function () {
    it("grants the admin and anchorer roles and starts with no batch", async function () {
      const { roots, admin, relayer } = await loadFixture(fixture);
      expect(await roots.ANCHORER_ROLE()).to.equal(ANCHORER_ROLE);
      expect(await roots.hasRole(ethers.ZeroHash, admin)).to.equal(true);
      expect(await roots.hasRole(ANCHORER_ROLE, relayer)).to.equal(true);
      expect(await roots.hasRole(ANCHORER_ROLE, admin)).to.equal(false);
      expect(await roots.batchCount()).to.equal(0n);
    });
  });

  describe("publish", function () {
    it("stores batch 1 with its time and emits ReadReceiptRootPublished", async function () {
      const { roots, relayer, tree } = await loadFixture(fixture);
      await expect(roots.connect(relayer).publish(1, tree.root, 5, 10, 14))
        .to.emit(roots, "ReadReceiptRootPublished").withArgs(1, tree.root, 5, 10, 14);
      const at = await time.latest();
      expect(await roots.batchCount()).to.equal(1n);
      const batch = await roots.batchOf(1);
      expect([batch.root, batch.leafCount, batch.firstReadId, batch.lastReadId, batch.publishedAt])
        .to.deep.equal([tree.root, 5n, 10n, 14n, BigInt(at)]);
    });

    it("numbers batches without gaps and keeps earlier ones", async function () {
      const { roots, relayer, tree, patient, provider } = await loadFixture(publishedOnce);
      const second = StandardMerkleTree.of(receipts(patient.address, provider.address, 1, 20), READ_RECEIPT_LEAF_TYPES);
      await roots.connect(relayer).publish(2, second.root, 1, 20, 20);
      expect(await roots.batchCount()).to.equal(2n);
      expect((await roots.batchOf(1)).root).to.equal(tree.root);
      expect((await roots.batchOf(2)).root).to.equal(second.root);
    });

    it("accepts a range wider than the leaf count (ids of other batches in between)", async function () {
      const { roots, relayer, tree } = await loadFixture(fixture);
      await expect(roots.connect(relayer).publish(1, tree.root, 5, 10, 100)).to.emit(roots, "ReadReceiptRootPublished");
    });

    const unexpected = [["a replayed batch 1", 1, 2], ["batch 3 after 1", 3, 2], ["batch 0", 0, 2]];
    for (const [name, batch, expected] of unexpected) {
      it(`reverts with ReadReceiptRootsUnexpectedBatch for ${name}`, async function () {
        const { roots, relayer, tree } = await loadFixture(publishedOnce);
        await expect(roots.connect(relayer).publish(batch, tree.root, 5, 10, 14))
          .to.be.revertedWithCustomError(roots, "ReadReceiptRootsUnexpectedBatch").withArgs(expected, batch);
      });
    }

    it("reverts with ReadReceiptRootsUnexpectedBatch for batch 2 before any batch", async function () {
      const { roots, relayer, tree } = await loadFixture(fixture);
      await expect(roots.connect(relayer).publish(2, tree.root, 5, 10, 14))
        .to.be.revertedWithCustomError(roots, "ReadReceiptRootsUnexpectedBatch").withArgs(1, 2);
    });

    it("reverts with ReadReceiptRootsEmptyBatch for a zero root or zero leaves", async function () {
      const { roots, relayer, tree } = await loadFixture(fixture);
      await expect(roots.connect(relayer).publish(1, ethers.ZeroHash, 5, 10, 14))
        .to.be.revertedWithCustomError(roots, "ReadReceiptRootsEmptyBatch").withArgs(ethers.ZeroHash, 5);
      await expect(roots.connect(relayer).publish(1, tree.root, 0, 10, 14))
        .to.be.revertedWithCustomError(roots, "ReadReceiptRootsEmptyBatch").withArgs(tree.root, 0);
    });

    for (const [name, first, last, count] of [["a reversed range", 14, 10, 5], ["a range too narrow", 10, 13, 5],
      ["a one-id range with two leaves", 7, 7, 2]]) {
      it(`reverts with ReadReceiptRootsInvalidRange for ${name}`, async function () {
        const { roots, relayer, tree } = await loadFixture(fixture);
        await expect(roots.connect(relayer).publish(1, tree.root, count, first, last))
          .to.be.revertedWithCustomError(roots, "ReadReceiptRootsInvalidRange").withArgs(first, last, count);
      });
    }

    it("accepts the whole uint64 range", async function () {
      const { roots, relayer, tree } = await loadFixture(fixture);
      const max = 2n ** 64n - 1n;
      await expect(roots.connect(relayer).publish(1, tree.root, max, 0, max))
        .to.emit(roots, "ReadReceiptRootPublished");
    });

    it("reverts with AccessControlUnauthorizedAccount for anyone without ANCHORER_ROLE", async function () {
      const { roots, admin, patient, stranger, tree } = await loadFixture(fixture);
      for (const caller of [admin, patient, stranger]) {
        await expect(roots.connect(caller).publish(1, tree.root, 5, 10, 14))
          .to.be.revertedWithCustomError(roots, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, ANCHORER_ROLE);
      }
      expect(await roots.batchCount()).to.equal(0n);
    });
  });

  describe("batchOf", function () {
    for (const batch of [0, 2]) {
      it(`reverts with ReadReceiptRootsUnknownBatch for batch ${batch}`, async function () {
        const { roots } = await loadFixture(publishedOnce);
        await expect(roots.batchOf(batch))
          .to.be.revertedWithCustomError(roots, "ReadReceiptRootsUnknownBatch").withArgs(batch);
      });
    }
  });

  describe("verify", function () {
    it("accepts every leaf of the batch with its merkle-tree proof", async function () {
      const { roots, tree } = await loadFixture(publishedOnce);
      for (const [i, value] of tree.entries()) {
        expect(await roots.verify(1, tree.leafHash(value), tree.getProof(i))).to.equal(true);
      }
    });

    it("rejects a leaf with one field changed, a changed proof element and a dropped one", async function () {
      const { roots, tree } = await loadFixture(publishedOnce);
      const value = tree.at(2);
      const proof = tree.getProof(2);
      const mutants = [
        ethers.hexlify(ethers.randomBytes(32)), 13, ethers.Wallet.createRandom().address,
        ethers.Wallet.createRandom().address, ethers.ZeroHash, value[5] + 1, !value[6],
      ];
      for (let field = 0; field < value.length; field++) {
        const changed = [...value];
        changed[field] = mutants[field];
        const leaf = StandardMerkleTree.of([changed], READ_RECEIPT_LEAF_TYPES).leafHash(changed);
        expect(await roots.verify(1, leaf, proof), `field ${field}`).to.equal(false);
      }
      const leaf = tree.leafHash(value);
      const singleHashed = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(READ_RECEIPT_LEAF_TYPES, value));
      expect(await roots.verify(1, singleHashed, proof)).to.equal(false);
      for (let i = 0; i < proof.length; i++) {
        const forged = [...proof];
        forged[i] = ethers.hexlify(ethers.randomBytes(32));
        expect(await roots.verify(1, leaf, forged)).to.equal(false);
      }
      expect(await roots.verify(1, leaf, proof.slice(1))).to.equal(false);
    });

    it("reverts with ReadReceiptRootsUnknownBatch for an unpublished batch", async function () {
      const { roots, tree } = await loadFixture(publishedOnce);
      await expect(roots.verify(2, tree.leafHash(tree.at(0)), tree.getProof(0)))
        .to.be.revertedWithCustomError(roots, "ReadReceiptRootsUnknownBatch").withArgs(2);
    });
  });
});
