package io.healthkey.protocol.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.eip712.NodeScripts;

/**
 * Java's {@link ReceiptTree} and {@code @openzeppelin/merkle-tree}'s StandardMerkleTree, on fresh random receipts,
 * both ways: the JS root, leaves and proofs equal Java's and verify in Java; Java's proofs verify in JS, and in JS
 * a proof with one element changed, a proof of another tree, an inner node in a receipt's place, or a receipt with
 * one field changed, does not.
 */
class ReceiptTreeInteropIT {

    @BeforeAll
    static void requireNode() {
        NodeScripts.assumeNodeIsInstalled();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 31, 200})
    void standardMerkleTreeBuildsTheSameTreeAndItsProofsVerifyInJava(int size) throws Exception {
        List<ReadReceipt> receipts = ReceiptFixtures.random(size);
        ObjectNode input = ReceiptFixtures.JSON.createObjectNode();
        ArrayNode array = input.putArray("receipts");
        receipts.forEach(receipt -> array.add(ReceiptFixtures.toJson(receipt)));

        JsonNode js = ReceiptFixtures.JSON.readTree(String.join("", NodeScripts.run("receipt-tree.mjs",
                input.toString(), "build")));

        ReceiptTree tree = ReceiptTree.of(ReceiptFixtures.leaves(receipts));
        Bytes32 jsRoot = Bytes32.parse(js.get("root").asText());
        assertThat(jsRoot).isEqualTo(tree.root());
        for (int i = 0; i < size; i++) {
            Bytes32 leaf = Bytes32.parse(js.get("leaves").get(i).get("leafHash").asText());
            List<Bytes32> proof = ReceiptFixtures.hashes(js.get("leaves").get(i).get("proof"));
            assertThat(leaf).isEqualTo(receipts.get(i).leafHash());
            assertThat(proof).isEqualTo(tree.proof(leaf));
            assertThat(MerkleProofs.verify(proof, jsRoot, receipts.get(i))).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 64})
    void javaProofsVerifyWithStandardMerkleTreeAndMutantsDoNot(int size) throws Exception {
        List<ReadReceipt> receipts = ReceiptFixtures.random(size);
        ReceiptTree tree = ReceiptTree.of(ReceiptFixtures.leaves(receipts));
        ReceiptTree other = ReceiptTree.of(ReceiptFixtures.leaves(ReceiptFixtures.random(size + 1)));
        ObjectNode input = ReceiptFixtures.JSON.createObjectNode().put("root", tree.root().toHex());
        ArrayNode items = input.putArray("items");
        List<String> expected = new ArrayList<>();
        for (ReadReceipt receipt : receipts) {
            List<Bytes32> proof = tree.proof(receipt.leafHash());
            items.add(item(ReceiptFixtures.toJson(receipt), proof));
            expected.add("true");
            ArrayNode changedAllowed = ReceiptFixtures.toJson(receipt);
            changedAllowed.set(6, ReceiptFixtures.JSON.getNodeFactory().booleanNode(!receipt.allowed()));
            items.add(item(changedAllowed, proof));
            expected.add("false");
            ArrayNode changedReadId = ReceiptFixtures.toJson(receipt);
            changedReadId.set(1, ReceiptFixtures.JSON.getNodeFactory().textNode(Long.toString(receipt.readId() + 1)));
            items.add(item(changedReadId, proof));
            expected.add("false");
            ArrayNode changedCount = ReceiptFixtures.toJson(receipt);
            changedCount.set(7, ReceiptFixtures.JSON.getNodeFactory().textNode(Long.toString(receipt.count() + 1)));
            items.add(item(changedCount, proof));
            expected.add("false");
            items.add(item(ReceiptFixtures.toJson(receipt), other.proof(other.leaves().get(0))));
            expected.add("false");
            if (!proof.isEmpty()) {
                ArrayNode innerNodeAsSalt = ReceiptFixtures.toJson(receipt);
                innerNodeAsSalt.set(0, ReceiptFixtures.JSON.getNodeFactory().textNode(
                        MerkleProofs.hashPair(receipt.leafHash(), proof.get(0)).toHex()));
                items.add(item(innerNodeAsSalt, proof.subList(1, proof.size())));
                expected.add("false");
                List<Bytes32> forged = new ArrayList<>(proof);
                forged.set(forged.size() - 1, Bytes32.fromBytes(ReceiptFixtures.bytes(32)));
                items.add(item(ReceiptFixtures.toJson(receipt), forged));
                expected.add("false");
            }
        }

        assertThat(NodeScripts.run("receipt-tree.mjs", input.toString(), "verify")).containsExactlyElementsOf(expected);
    }

    private static ObjectNode item(ArrayNode receipt, List<Bytes32> proof) {
        ObjectNode item = ReceiptFixtures.JSON.createObjectNode();
        item.set("receipt", receipt);
        ArrayNode array = item.putArray("proof");
        proof.forEach(hash -> array.add(hash.toHex()));
        return item;
    }
}
