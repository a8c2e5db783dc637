package io.healthkey.protocol.receipt;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.web3j.crypto.Hash;

import io.healthkey.protocol.Bytes32;

/**
 * Merkle proof checks with sorted-pair hashing, as OpenZeppelin's {@code MerkleProof.verify} (Solidity) and
 * {@code @openzeppelin/merkle-tree} compute them.
 *
 * <p>Security guarantees: {@link #verify} is true only if the receipt's leaf hash, hashed up through {@code proof},
 * reaches {@code root}; forging a proof for another receipt means finding a keccak256 collision. It takes the
 * receipt, never a bare leaf hash, and hashes it twice itself ({@link ReadReceipt#leafHash()}): an inner node of
 * the tree (a single hash of 64 bytes) cannot be passed off as a leaf with the rest of its proof.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /** Whether {@code receipt}, hashed as a leaf, with {@code proof} hashes up to {@code root}. */
    public static boolean verify(List<Bytes32> proof, Bytes32 root, ReadReceipt receipt) {
        Objects.requireNonNull(root, "root");
        return processProof(proof, receipt.leafHash()).equals(root);
    }

    /**
     * The root that {@code node} and {@code proof} hash up to. Package-private on purpose: any node, leaf or inner,
     * reaches the root with the rest of its proof, so a check on a bare hash proves nothing about a receipt.
     */
    static Bytes32 processProof(List<Bytes32> proof, Bytes32 node) {
        Bytes32 hashed = Objects.requireNonNull(node, "node");
        for (Bytes32 sibling : proof) {
            hashed = hashPair(hashed, sibling);
        }
        return hashed;
    }

    /** keccak256 of the two nodes concatenated, the smaller (as unsigned bytes) first. */
    static Bytes32 hashPair(Bytes32 a, Bytes32 b) {
        Bytes32 first = compare(a, b) <= 0 ? a : b;
        Bytes32 second = first == a ? b : a;
        byte[] both = new byte[64];
        System.arraycopy(first.toBytes(), 0, both, 0, 32);
        System.arraycopy(second.toBytes(), 0, both, 32, 32);
        return Bytes32.fromBytes(Hash.sha3(both));
    }

    static int compare(Bytes32 a, Bytes32 b) {
        return Arrays.compareUnsigned(a.toBytes(), b.toBytes());
    }
}
