package io.healthkey.protocol.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.RecordId;

/** Every proof of every tree size verifies; every changed receipt field, proof element, order or length fails. */
class ReceiptTreeMutationTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 64, 100})
    void everyLeafProvesItsWayToTheRootAndNoOtherLeafDoes(int size) {
        List<ReadReceipt> receipts = ReceiptFixtures.random(size);
        ReceiptTree tree = ReceiptTree.of(ReceiptFixtures.leaves(receipts));
        for (ReadReceipt receipt : receipts) {
            List<Bytes32> proof = tree.proof(receipt.leafHash());
            assertThat(proof).hasSizeLessThanOrEqualTo(32 - Integer.numberOfLeadingZeros(size));
            assertThat(MerkleProofs.verify(proof, tree.root(), receipt)).isTrue();
            for (ReadReceipt other : receipts) {
                if (other != receipt) {
                    assertThat(MerkleProofs.verify(proof, tree.root(), other)).isFalse();
                }
            }
        }
    }

    @Test
    void theRootDoesNotDependOnTheOrderOfTheLeaves() {
        List<Bytes32> leaves = new ArrayList<>(ReceiptFixtures.leaves(ReceiptFixtures.random(13)));
        Bytes32 root = ReceiptTree.of(leaves).root();
        Collections.reverse(leaves);
        assertThat(ReceiptTree.of(leaves).root()).isEqualTo(root);
    }

    @Test
    void everyChangedFieldGivesALeafTheProofRejects() {
        List<ReadReceipt> receipts = ReceiptFixtures.random(9);
        ReceiptTree tree = ReceiptTree.of(ReceiptFixtures.leaves(receipts));
        ReadReceipt r = receipts.get(4);
        List<Bytes32> proof = tree.proof(r.leafHash());
        RecordId otherRecord = RecordId.of(r.patient(), Category.CONDITION, r.record().serial());
        var otherPatient = ReceiptFixtures.address();
        List<UnaryOperator<ReadReceipt>> mutations = List.of(
                x -> new ReadReceipt(flip(x.salt(), 31), x.readId(), x.patient(), x.reader(), x.record(), x.readAt(),
                        x.allowed()),
                x -> new ReadReceipt(x.salt(), x.readId() + 1, x.patient(), x.reader(), x.record(), x.readAt(),
                        x.allowed()),
                x -> new ReadReceipt(x.salt(), x.readId(), otherPatient, x.reader(),
                        RecordId.of(otherPatient, x.record().category(), x.record().serial()), x.readAt(), x.allowed()),
                x -> new ReadReceipt(x.salt(), x.readId(), x.patient(), x.patient(), x.record(), x.readAt(),
                        x.allowed()),
                x -> new ReadReceipt(x.salt(), x.readId(), x.patient(), x.reader(), otherRecord, x.readAt(),
                        x.allowed()),
                x -> new ReadReceipt(x.salt(), x.readId(), x.patient(), x.reader(), x.record(), x.readAt() - 1,
                        x.allowed()),
                x -> new ReadReceipt(x.salt(), x.readId(), x.patient(), x.reader(), x.record(), x.readAt(),
                        !x.allowed()),
                x -> new ReadReceipt(x.salt(), x.readId(), x.patient(), x.reader(), x.record(), x.readAt(),
                        false, x.count() + 1));
        for (UnaryOperator<ReadReceipt> mutation : mutations) {
            assertThat(MerkleProofs.verify(proof, tree.root(), mutation.apply(r))).isFalse();
        }
    }

    @Test
    void everyFlippedBitOfTheSaltOrAProofElementIsRejected() {
        List<ReadReceipt> receipts = ReceiptFixtures.random(20);
        ReceiptTree tree = ReceiptTree.of(ReceiptFixtures.leaves(receipts));
        ReadReceipt r = receipts.get(7);
        List<Bytes32> proof = tree.proof(r.leafHash());
        for (int bit = 0; bit < 256; bit++) {
            ReadReceipt flipped = new ReadReceipt(flipBit(r.salt(), bit), r.readId(), r.patient(), r.reader(),
                    r.record(), r.readAt(), r.allowed(), r.count());
            assertThat(MerkleProofs.verify(proof, tree.root(), flipped)).isFalse();
            for (int element = 0; element < proof.size(); element++) {
                List<Bytes32> forged = new ArrayList<>(proof);
                forged.set(element, flipBit(proof.get(element), bit));
                assertThat(MerkleProofs.verify(forged, tree.root(), r)).isFalse();
            }
        }
    }

    @Test
    void truncatedExtendedReorderedOrForeignProofsAreRejected() {
        List<ReadReceipt> receipts = ReceiptFixtures.random(20);
        ReceiptTree tree = ReceiptTree.of(ReceiptFixtures.leaves(receipts));
        ReadReceipt r = receipts.get(3);
        List<Bytes32> proof = tree.proof(r.leafHash());
        assertThat(MerkleProofs.verify(proof.subList(0, proof.size() - 1), tree.root(), r)).isFalse();
        List<Bytes32> extended = new ArrayList<>(proof);
        extended.add(r.leafHash());
        assertThat(MerkleProofs.verify(extended, tree.root(), r)).isFalse();
        List<Bytes32> swapped = new ArrayList<>(proof);
        Collections.swap(swapped, 0, 1);
        assertThat(MerkleProofs.verify(swapped, tree.root(), r)).isFalse();
        assertThat(MerkleProofs.verify(List.of(), tree.root(), r)).isFalse();
    }

    @Test
    void aReceiptAndProofOfOneBatchAreRejectedAgainstAnother() {
        List<ReadReceipt> first = ReceiptFixtures.random(20);
        ReceiptTree firstTree = ReceiptTree.of(ReceiptFixtures.leaves(first));
        ReceiptTree secondTree = ReceiptTree.of(ReceiptFixtures.leaves(ReceiptFixtures.random(20)));
        ReadReceipt r = first.get(5);
        assertThat(MerkleProofs.verify(firstTree.proof(r.leafHash()), firstTree.root(), r)).isTrue();
        assertThat(MerkleProofs.verify(firstTree.proof(r.leafHash()), secondTree.root(), r)).isFalse();
    }

    /**
     * The second pre-image: every inner node reaches the root with the rest of its proof, so a check on a bare hash
     * accepts it. {@link MerkleProofs#verify} takes a receipt and hashes it twice, so the node can only go in as a
     * field of a receipt, and then proves nothing.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 7, 16, 33})
    void noInnerNodePassesForALeaf(int size) {
        List<ReadReceipt> receipts = ReceiptFixtures.random(size);
        ReceiptTree tree = ReceiptTree.of(ReceiptFixtures.leaves(receipts));
        ReadReceipt template = receipts.get(0);
        for (ReadReceipt receipt : receipts) {
            List<Bytes32> proof = tree.proof(receipt.leafHash());
            Bytes32 node = receipt.leafHash();
            for (int level = 0; level < proof.size(); level++) {
                node = MerkleProofs.hashPair(node, proof.get(level));
                List<Bytes32> rest = proof.subList(level + 1, proof.size());
                assertThat(MerkleProofs.processProof(rest, node)).isEqualTo(tree.root());
                ReadReceipt nodeAsSalt = new ReadReceipt(node, template.readId(), template.patient(),
                        template.reader(), template.record(), template.readAt(), template.allowed(), template.count());
                assertThat(MerkleProofs.verify(rest, tree.root(), nodeAsSalt)).isFalse();
                assertThat(tree.indexOf(node)).isEqualTo(-1);
            }
        }
    }

    @Test
    void refusesEmptyTreesRepeatedLeavesAndReceiptsOfAnotherPatientsRecord() {
        assertThatThrownBy(() -> ReceiptTree.of(List.of())).isInstanceOf(InvalidValueException.class);
        Bytes32 leaf = ReceiptFixtures.random(1).get(0).leafHash();
        assertThatThrownBy(() -> ReceiptTree.of(List.of(leaf, leaf))).isInstanceOf(InvalidValueException.class);
        ReadReceipt r = ReceiptFixtures.random(1).get(0);
        assertThatThrownBy(() -> new ReadReceipt(r.salt(), r.readId(), ReceiptFixtures.address(), r.reader(),
                r.record(), r.readAt(), r.allowed())).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ReadReceipt(r.salt(), -1, r.patient(), r.reader(), r.record(), r.readAt(),
                r.allowed())).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ReadReceipt(r.salt(), r.readId(), r.patient(), r.reader(), r.record(),
                r.readAt(), false, 0)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ReadReceipt(r.salt(), r.readId(), r.patient(), r.reader(), r.record(),
                r.readAt(), true, 2)).isInstanceOf(InvalidValueException.class);
    }

    private static Bytes32 flip(Bytes32 value, int byteIndex) {
        return flipBit(value, byteIndex * 8);
    }

    private static Bytes32 flipBit(Bytes32 value, int bit) {
        byte[] bytes = value.toBytes();
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        return Bytes32.fromBytes(bytes);
    }
}
