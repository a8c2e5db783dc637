const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture, time } = require("@nomicfoundation/hardhat-network-helpers");
const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");
const { deployHealthKey } = require("./helpers/fixtures");
const { CATEGORY, READ_RECEIPT_LEAF_TYPES, recordId } = require("./helpers/healthkey");

const ANCHORER_ROLE = ethers.id("ANCHORER_ROLE");
const MAX_UINT64 = 2n ** 64n - 1n;

function receipts(patient, reader, count, firstReadId = 1) {
  return Array.from({ length: count }, (_, i) => [
    ethers.hexlify(ethers.randomBytes(32)), firstReadId + i, patient, reader,
    recordId(patient, CATEGORY.LAB, 1 + (i % 3)), 1_800_000_000 + i, i % 4 !== 3, i % 4 === 3 ? 300 : 1,
  ]);
}

/** The tree's nodes above the leaves, each with the proof that takes it to the root (the second pre-image). */
function innerNodesWithProofs(tree) {
  const { tree: nodes } = tree.dump();
  const found = [];
  for (let k = 1; k < nodes.length; k++) {
    if (2 * k + 1 >= nodes.length) continue;
    const proof = [];
    for (let i = k; i > 0; i = Math.floor((i - 1) / 2)) proof.push(nodes[i % 2 === 1 ? i + 1 : i - 1]);
    found.push({ node: nodes[k], proof });
  }
  return found;
}

/** MerkleProof.processProof: sorted-pair keccak256 from `leaf` up through `proof`. */
function hashUp(leaf, proof) {
  return proof.reduce((node, sibling) => ethers.keccak256(
    BigInt(node) <= BigInt(sibling) ? ethers.concat([node, sibling]) : ethers.concat([sibling, node])), leaf);
}

describe("ReadReceiptRoots", function () {
  async function fixture() {
    const base = await deployHealthKey();
    const roots = await ethers.deployContract("ReadReceiptRoots", [base.admin, base.relayer]);
    const tree = StandardMerkleTree.of(receipts(base.patient.address, base.provider.address, 5, 1),
      READ_RECEIPT_LEAF_TYPES);
    return { ...base, roots, tree };
  }

  async function publishedOnce() {
    const f = await fixture();
    await f.roots.connect(f.relayer).publish(1, f.tree.root, 5, 1, 5);
    return f;
  }

  async function publishedTwice() {
    const f = await publishedOnce();
    const second = StandardMerkleTree.of(receipts(f.patient.address, f.provider.address, 4, 6), READ_RECEIPT_LEAF_TYPES);
    await f.roots.connect(f.relayer).publish(2, second.root, 4, 6, 9);
    return { ...f, second };
  }

  describe("deployment", function () {
    it("grants the admin and anchorer roles and starts with no batch, expecting read id 1", async function () {
      const { roots, admin, relayer } = await loadFixture(fixture);
      expect(await roots.ANCHORER_ROLE()).to.equal(ANCHORER_ROLE);
      expect(await roots.hasRole(ethers.ZeroHash, admin)).to.equal(true);
      expect(await roots.hasRole(ANCHORER_ROLE, relayer)).to.equal(true);
      expect(await roots.hasRole(ANCHORER_ROLE, admin)).to.equal(false);
      expect(await roots.batchCount()).to.equal(0n);
      expect(await roots.nextReadId()).to.equal(1n);
    });
  });

  describe("publish", function () {
    it("stores batch 1 with its time and emits ReadReceiptRootPublished", async function () {
      const { roots, relayer, tree } = await loadFixture(fixture);
      await expect(roots.connect(relayer).publish(1, tree.root, 5, 1, 5))
        .to.emit(roots, "ReadReceiptRootPublished").withArgs(1, tree.root, 5, 1, 5);
      const at = await time.latest();
      expect(await roots.batchCount()).to.equal(1n);
      expect(await roots.nextReadId()).to.equal(6n);
      const batch = await roots.batchOf(1);
      expect([batch.root, batch.leafCount, batch.firstReadId, batch.lastReadId, batch.publishedAt])
        .to.deep.equal([tree.root, 5n, 1n, 5n, BigInt(at)]);
    });

    it("numbers batches without gaps, chains their ranges and keeps earlier ones", async function () {
      const { roots, tree, second } = await loadFixture(publishedTwice);
      expect(await roots.batchCount()).to.equal(2n);
      expect(await roots.nextReadId()).to.equal(10n);
      expect((await roots.batchOf(1)).root).to.equal(tree.root);
      expect((await roots.batchOf(2)).root).to.equal(second.root);
    });

    it("accepts a range wider than the leaf count (ids that name no read, e.g. a rolled-back insert)", async function () {
      const { roots, relayer, tree } = await loadFixture(fixture);
      await expect(roots.connect(relayer).publish(1, tree.root, 5, 1, 100)).to.emit(roots, "ReadReceiptRootPublished");
      expect(await roots.nextReadId()).to.equal(101n);
    });

    const unexpected = [["a replayed batch 1", 1, 2], ["batch 3 after 1", 3, 2], ["batch 0", 0, 2]];
    for (const [name, batch, expected] of unexpected) {
      it(`reverts with ReadReceiptRootsUnexpectedBatch for ${name}`, async function () {
        const { roots, relayer, tree } = await loadFixture(publishedOnce);
        await expect(roots.connect(relayer).publish(batch, tree.root, 5, 6, 10))
          .to.be.revertedWithCustomError(roots, "ReadReceiptRootsUnexpectedBatch").withArgs(expected, batch);
      });
    }

    it("reverts with ReadReceiptRootsUnexpectedBatch for batch 2 before any batch", async function () {
      const { roots, relayer, tree } = await loadFixture(fixture);
      await expect(roots.connect(relayer).publish(2, tree.root, 5, 1, 5))
        .to.be.revertedWithCustomError(roots, "ReadReceiptRootsUnexpectedBatch").withArgs(1, 2);
    });

    it("reverts with ReadReceiptRootsEmptyBatch for a zero root or zero leaves", async function () {
      const { roots, relayer, tree } = await loadFixture(fixture);
      await expect(roots.connect(relayer).publish(1, ethers.ZeroHash, 5, 1, 5))
        .to.be.revertedWithCustomError(roots, "ReadReceiptRootsEmptyBatch").withArgs(ethers.ZeroHash, 5);
      await expect(roots.connect(relayer).publish(1, tree.root, 0, 1, 5))
        .to.be.revertedWithCustomError(roots, "ReadReceiptRootsEmptyBatch").withArgs(tree.root, 0);
    });

    for (const [name, first, last, count] of [["a reversed range", 1, 0, 1], ["a range too narrow", 1, 4, 5],
      ["a one-id range with two leaves", 1, 1, 2], ["a range ending at the largest uint64", 1, MAX_UINT64, 1]]) {
      it(`reverts with ReadReceiptRootsInvalidRange for ${name}`, async function () {
        const { roots, relayer, tree } = await loadFixture(fixture);
        await expect(roots.connect(relayer).publish(1, tree.root, count, first, last))
          .to.be.revertedWithCustomError(roots, "ReadReceiptRootsInvalidRange").withArgs(first, last, count);
      });
    }

    const broken = [["a first batch not starting at read id 1", fixture, 1, 2, 2, 6, 1],
      ["a first batch starting at read id 0", fixture, 1, 0, 4, 1, 1],
      ["an overlap with the previous batch", publishedOnce, 2, 5, 9, 4, 6],
      ["an overlap covering the previous batch", publishedOnce, 2, 1, 9, 4, 6],
      ["a gap after the previous batch", publishedOnce, 2, 7, 10, 4, 6],
      ["an overlap two batches back", publishedTwice, 3, 3, 20, 4, 10]];
    for (const [name, setUp, batch, first, last, count, expected] of broken) {
      it(`reverts with ReadReceiptRootsBrokenChain for ${name}`, async function () {
        const { roots, relayer, tree } = await loadFixture(setUp);
        const before = await roots.nextReadId();
        await expect(roots.connect(relayer).publish(batch, tree.root, count, first, last))
          .to.be.revertedWithCustomError(roots, "ReadReceiptRootsBrokenChain").withArgs(expected, first);
        expect(await roots.nextReadId()).to.equal(before);
        expect(await roots.batchCount()).to.equal(BigInt(batch - 1));
      });
    }

    it("accepts the largest range the chain allows, and then no further batch", async function () {
      const { roots, relayer, tree } = await loadFixture(fixture);
      await expect(roots.connect(relayer).publish(1, tree.root, MAX_UINT64 - 1n, 1, MAX_UINT64 - 1n))
        .to.emit(roots, "ReadReceiptRootPublished");
      expect(await roots.nextReadId()).to.equal(MAX_UINT64);
      await expect(roots.connect(relayer).publish(2, tree.root, 1, MAX_UINT64, MAX_UINT64))
        .to.be.revertedWithCustomError(roots, "ReadReceiptRootsInvalidRange").withArgs(MAX_UINT64, MAX_UINT64, 1);
    });

    it("reverts with AccessControlUnauthorizedAccount for anyone without ANCHORER_ROLE", async function () {
      const { roots, admin, patient, stranger, tree } = await loadFixture(fixture);
      for (const caller of [admin, patient, stranger]) {
        await expect(roots.connect(caller).publish(1, tree.root, 5, 1, 5))
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

  describe("leafOf and verify", function () {
    it("computes the merkle-tree leaf hash of every receipt", async function () {
      const { roots, tree } = await loadFixture(publishedOnce);
      for (const [, value] of tree.entries()) {
        expect(await roots.leafOf([...value])).to.equal(tree.leafHash(value));
      }
    });

    it("accepts every receipt of the batch with its merkle-tree proof", async function () {
      const { roots, tree } = await loadFixture(publishedOnce);
      for (const [i, value] of tree.entries()) {
        expect(await roots.verify(1, [...value], tree.getProof(i))).to.equal(true);
      }
    });

    it("rejects every inner node passed off as a leaf (second pre-image), which the leaf-hash API accepted",
      async function () {
        const { roots, tree } = await loadFixture(publishedOnce);
        const attacks = innerNodesWithProofs(tree);
        expect(attacks.length).to.be.greaterThan(0);
        const oldVerify = new ethers.Interface(
          ["function verify(uint64 batch, bytes32 leaf, bytes32[] proof) view returns (bool)"]);
        for (const { node, proof } of attacks) {
          // The attack as it was: node and proof suffix hash to the root, so a bytes32 `leaf` parameter passed.
          expect(hashUp(node, proof)).to.equal(tree.root);
          await expect(ethers.provider.call({ to: roots.target,
            data: oldVerify.encodeFunctionData("verify", [1, node, proof]) })).to.be.reverted;
          // Through the receipt API the node can only go in as a field: hashed again, it proves nothing.
          const asSalt = [node, 1, tree.at(0)[2], tree.at(0)[3], tree.at(0)[4], 0, false, 1];
          expect(await roots.verify(1, asSalt, proof)).to.equal(false);
        }
      });

    it("rejects a receipt with one field changed, a changed proof element and a dropped one", async function () {
      const { roots, tree } = await loadFixture(publishedOnce);
      const value = tree.at(2);
      const proof = tree.getProof(2);
      const mutants = [
        ethers.hexlify(ethers.randomBytes(32)), 4, ethers.Wallet.createRandom().address,
        ethers.Wallet.createRandom().address, ethers.ZeroHash, value[5] + 1, !value[6], value[7] + 1,
      ];
      expect(mutants).to.have.length(READ_RECEIPT_LEAF_TYPES.length);
      for (let field = 0; field < value.length; field++) {
        const changed = [...value];
        changed[field] = mutants[field];
        expect(await roots.verify(1, changed, proof), `field ${field}`).to.equal(false);
      }
      for (let i = 0; i < proof.length; i++) {
        const forged = [...proof];
        forged[i] = ethers.hexlify(ethers.randomBytes(32));
        expect(await roots.verify(1, [...value], forged)).to.equal(false);
      }
      expect(await roots.verify(1, [...value], proof.slice(1))).to.equal(false);
    });

    it("rejects a receipt and proof of one batch against another batch", async function () {
      const { roots, tree, second } = await loadFixture(publishedTwice);
      expect(await roots.verify(1, [...tree.at(0)], tree.getProof(0))).to.equal(true);
      expect(await roots.verify(2, [...tree.at(0)], tree.getProof(0))).to.equal(false);
      expect(await roots.verify(1, [...second.at(0)], second.getProof(0))).to.equal(false);
    });

    it("rejects a genuine leaf of the batch whose read id lies outside the batch's range", async function () {
      const { roots, relayer, patient, provider } = await loadFixture(fixture);
      const stray = StandardMerkleTree.of(receipts(patient.address, provider.address, 2, 50), READ_RECEIPT_LEAF_TYPES);
      await roots.connect(relayer).publish(1, stray.root, 2, 1, 10);
      expect(await roots.verify(1, [...stray.at(0)], stray.getProof(0))).to.equal(false);
    });

    it("reverts with ReadReceiptRootsUnknownBatch for an unpublished batch", async function () {
      const { roots, tree } = await loadFixture(publishedOnce);
      await expect(roots.verify(2, [...tree.at(0)], tree.getProof(0)))
        .to.be.revertedWithCustomError(roots, "ReadReceiptRootsUnknownBatch").withArgs(2);
    });
  });
});
