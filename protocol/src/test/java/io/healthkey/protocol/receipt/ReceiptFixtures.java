package io.healthkey.protocol.receipt;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/** Random receipts, and receipts to and from the JSON arrays the interop script and the vectors use. */
final class ReceiptFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReceiptFixtures() {
    }

    static List<ReadReceipt> random(int count) {
        EthAddress patient = address();
        List<ReadReceipt> receipts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean allowed = RANDOM.nextBoolean();
            receipts.add(new ReadReceipt(Bytes32.fromBytes(bytes(32)), 1_000 + i, patient, address(),
                    RecordId.of(patient, Category.OBSERVATION, 1 + RANDOM.nextInt(50)),
                    1_800_000_000L + RANDOM.nextInt(1_000_000), allowed, allowed ? 1 : 1 + RANDOM.nextInt(500)));
        }
        return receipts;
    }

    static EthAddress address() {
        return EthAddress.fromBytes(bytes(20));
    }

    static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static ArrayNode toJson(ReadReceipt receipt) {
        ArrayNode array = JSON.createArrayNode();
        array.add(receipt.salt().toHex()).add(Long.toString(receipt.readId())).add(receipt.patient().toLowerHex())
                .add(receipt.reader().toLowerHex()).add(receipt.record().toHex()).add(Long.toString(receipt.readAt()))
                .add(receipt.allowed()).add(Long.toString(receipt.count()));
        return array;
    }

    static ReadReceipt fromJson(JsonNode array) {
        return new ReadReceipt(Bytes32.parse(array.get(0).asText()), Long.parseLong(array.get(1).asText()),
                EthAddress.parse(array.get(2).asText()), EthAddress.parse(array.get(3).asText()),
                RecordId.parse(array.get(4).asText()), Long.parseLong(array.get(5).asText()), array.get(6).asBoolean(),
                Long.parseLong(array.get(7).asText()));
    }

    static List<Bytes32> hashes(JsonNode array) {
        List<Bytes32> hashes = new ArrayList<>();
        array.forEach(node -> hashes.add(Bytes32.parse(node.asText())));
        return hashes;
    }

    static List<Bytes32> leaves(List<ReadReceipt> receipts) {
        return receipts.stream().map(ReadReceipt::leafHash).toList();
    }
}
