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
 * <p>Security guarantees: {@link #verify} is true only if hashing {@code leaf} up through {@code proof} reaches
 * {@code root}; forging a proof for another leaf means finding a keccak256 collision. Leaves must be double-hashed
 * ({@link ReadReceipt#leafHash()}) so that an inner node cannot pass for a leaf.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /** Whether {@code leaf} with {@code proof} hashes up to {@code root}. */
    public static boolean verify(List<Bytes32> proof, Bytes32 root, Bytes32 leaf) {
        Objects.requireNonNull(root, "root");
        return processProof(proof, leaf).equals(root);
    }

    /** The root that {@code leaf} and {@code proof} hash up to. */
    public static Bytes32 processProof(List<Bytes32> proof, Bytes32 leaf) {
        Bytes32 node = Objects.requireNonNull(leaf, "leaf");
        for (Bytes32 sibling : proof) {
            node = hashPair(node, sibling);
        }
        return node;
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
