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
            assertThat(MerkleProofs.verify(proof, tree.root(), receipt.leafHash())).isTrue();
            for (ReadReceipt other : receipts) {
                if (other != receipt) {
                    assertThat(MerkleProofs.verify(proof, tree.root(), other.leafHash())).isFalse();
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
                        !x.allowed()));
        for (UnaryOperator<ReadReceipt> mutation : mutations) {
            assertThat(MerkleProofs.verify(proof, tree.root(), mutation.apply(r).leafHash())).isFalse();
        }
    }

    @Test
    void everyFlippedBitOfTheLeafOrAProofElementIsRejected() {
        List<ReadReceipt> receipts = ReceiptFixtures.random(20);
        ReceiptTree tree = ReceiptTree.of(ReceiptFixtures.leaves(receipts));
        Bytes32 leaf = receipts.get(7).leafHash();
        List<Bytes32> proof = tree.proof(leaf);
        for (int bit = 0; bit < 256; bit++) {
            assertThat(MerkleProofs.verify(proof, tree.root(), flipBit(leaf, bit))).isFalse();
            for (int element = 0; element < proof.size(); element++) {
                List<Bytes32> forged = new ArrayList<>(proof);
                forged.set(element, flipBit(proof.get(element), bit));
                assertThat(MerkleProofs.verify(forged, tree.root(), leaf)).isFalse();
            }
        }
    }

    @Test
    void truncatedExtendedReorderedOrForeignProofsAreRejected() {
        List<ReadReceipt> receipts = ReceiptFixtures.random(20);
        ReceiptTree tree = ReceiptTree.of(ReceiptFixtures.leaves(receipts));
        Bytes32 leaf = receipts.get(3).leafHash();
        List<Bytes32> proof = tree.proof(leaf);
        assertThat(MerkleProofs.verify(proof.subList(0, proof.size() - 1), tree.root(), leaf)).isFalse();
        List<Bytes32> extended = new ArrayList<>(proof);
        extended.add(leaf);
        assertThat(MerkleProofs.verify(extended, tree.root(), leaf)).isFalse();
        List<Bytes32> swapped = new ArrayList<>(proof);
        Collections.swap(swapped, 0, 1);
        assertThat(MerkleProofs.verify(swapped, tree.root(), leaf)).isFalse();
        ReceiptTree other = ReceiptTree.of(ReceiptFixtures.leaves(ReceiptFixtures.random(20)));
        assertThat(MerkleProofs.verify(proof, other.root(), leaf)).isFalse();
        assertThat(MerkleProofs.verify(List.of(), tree.root(), leaf)).isFalse();
    }

    @Test
    void anInnerNodeDoesNotPassForALeaf() {
        List<ReadReceipt> receipts = ReceiptFixtures.random(4);
        ReceiptTree tree = ReceiptTree.of(ReceiptFixtures.leaves(receipts));
        List<Bytes32> proof = tree.proof(tree.leaves().get(0));
        Bytes32 parent = MerkleProofs.hashPair(tree.leaves().get(0), proof.get(0));
        assertThat(tree.indexOf(parent)).isEqualTo(-1);
        assertThatThrownBy(() -> tree.proof(parent)).isInstanceOf(InvalidValueException.class);
        assertThat(MerkleProofs.verify(proof.subList(1, proof.size()), tree.root(), parent)).isTrue();
        assertThat(tree.leaves()).doesNotContain(parent);
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
