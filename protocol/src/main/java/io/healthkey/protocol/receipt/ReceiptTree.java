package io.healthkey.protocol.receipt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.InvalidValueException;

/**
 * The Merkle tree of one batch of leaves, node for node the tree {@code StandardMerkleTree.of(values, types)} of
 * {@code @openzeppelin/merkle-tree} 1.x builds with its default {@code sortLeaves: true}: leaves sorted by hash,
 * laid out as a complete binary tree in an array (leaf {@code i} of {@code n} at {@code 2n - 2 - i}), each inner
 * node the keccak256 of its two children in ascending order ({@link MerkleProofs#hashPair}).
 *
 * <p>Security guarantees: the same leaves in any input order give the same root; proofs verify with
 * OpenZeppelin's {@code MerkleProof.verify} on chain and {@link MerkleProofs#verify} here.
 */
public final class ReceiptTree {

    private final Bytes32[] nodes;
    private final List<Bytes32> sortedLeaves;

    private ReceiptTree(List<Bytes32> sortedLeaves) {
        this.sortedLeaves = List.copyOf(sortedLeaves);
        int n = sortedLeaves.size();
        nodes = new Bytes32[2 * n - 1];
        for (int i = 0; i < n; i++) {
            nodes[nodes.length - 1 - i] = sortedLeaves.get(i);
        }
        for (int i = nodes.length - 1 - n; i >= 0; i--) {
            nodes[i] = MerkleProofs.hashPair(nodes[2 * i + 1], nodes[2 * i + 2]);
        }
    }

    /** The tree of {@code leaves} (leaf hashes, any order). Requirements: at least one leaf, none repeated. */
    public static ReceiptTree of(List<Bytes32> leaves) {
        Objects.requireNonNull(leaves, "leaves");
        if (leaves.isEmpty()) {
            throw new InvalidValueException("a receipt tree needs at least one leaf");
        }
        List<Bytes32> sorted = new ArrayList<>(leaves);
        sorted.sort(MerkleProofs::compare);
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).equals(sorted.get(i - 1))) {
                throw new InvalidValueException("leaf " + sorted.get(i) + " appears twice");
            }
        }
        return new ReceiptTree(sorted);
    }

    public Bytes32 root() {
        return nodes[0];
    }

    public int size() {
        return sortedLeaves.size();
    }

    /** The leaves sorted by hash: a leaf's position here is its leaf index. */
    public List<Bytes32> leaves() {
        return sortedLeaves;
    }

    /** The position of {@code leaf} among the sorted leaves, or -1. */
    public int indexOf(Bytes32 leaf) {
        return Math.max(-1, Collections.binarySearch(sortedLeaves, leaf, MerkleProofs::compare));
    }

    /** The sibling hashes from {@code leaf} up to the root, as {@code StandardMerkleTree.getProof} returns them. */
    public List<Bytes32> proof(Bytes32 leaf) {
        int index = indexOf(leaf);
        if (index < 0) {
            throw new InvalidValueException("leaf " + leaf + " is not in the tree");
        }
        List<Bytes32> proof = new ArrayList<>();
        for (int i = nodes.length - 1 - index; i > 0; i = (i - 1) / 2) {
            proof.add(nodes[i % 2 == 1 ? i + 1 : i - 1]);
        }
        return List.copyOf(proof);
    }

    @Override
    public String toString() {
        return "ReceiptTree[root=" + root().toHex() + ", leaves=" + size() + "]";
    }
}
