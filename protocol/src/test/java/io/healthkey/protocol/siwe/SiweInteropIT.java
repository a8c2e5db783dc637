package io.healthkey.protocol.siwe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.Uint;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.NodeScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * The npm siwe package (3.0.0) and ethers 6 make and sign messages that Java parses, formats back and verifies,
 * and the committed vectors are what they make today. Needs {@code node} and the repository's node_modules.
 */
class SiweInteropIT {

    static final int MESSAGES = 20;

    @BeforeAll
    static void requireNode() {
        NodeScripts.assumeNodeIsInstalled();
    }

    @Test
    void javaReadsAndVerifiesRandomMessagesMadeBySiweAndSignedByEthers() throws Exception {
        Random random = new Random();
        ArrayNode input = SiweVectors.JSON.createArrayNode();
        List<SiweMessage> expected = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            ECKeyPair key = Keys.createEcKeyPair();
            SiweMessage message = randomMessage(random,
                    EthAddress.parse(Keys.toChecksumAddress(Keys.getAddress(key))));
            ObjectNode fields = input.addObject()
                    .put("privateKey", Hex.encode(Uint.toWord(key.getPrivateKey(), 256, "key")))
                    .put("domain", message.domain()).put("uri", message.uri()).put("chainId", message.chainId())
                    .put("nonce", message.nonce()).put("issuedAt", message.issuedAt().text());
            if (message.statement() != null) {
                fields.put("statement", message.statement());
            }
            if (message.expirationTime() != null) {
                fields.put("expirationTime", message.expirationTime().text());
            }
            if (message.requestId() != null) {
                fields.put("requestId", message.requestId());
            }
            if (message.resources() != null) {
                message.resources().forEach(fields.putArray("resources")::add);
            }
            expected.add(message);
        }

        List<String> lines = NodeScripts.run("siwe-sign.mjs", SiweVectors.JSON.writeValueAsString(input));

        assertThat(lines).hasSize(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            JsonNode signed = SiweVectors.JSON.readTree(lines.get(i));
            assertThat(signed.has("error")).as(lines.get(i)).isFalse();
            SiweMessage parsed = SiweMessage.parse(signed.get("message").asText());
            assertThat(parsed).isEqualTo(expected.get(i));
            assertThat(parsed.format()).isEqualTo(signed.get("message").asText());
            assertThat(SiweSignatures.verify(parsed, EthSignature.parse(signed.get("signature").asText())))
                    .isEqualTo(expected.get(i).address());
        }
    }

    @Test
    void committedVectorsAreWhatSiweAndEthersMakeToday() throws Exception {
        Path fresh = Files.createTempFile("siwe-vectors", ".json");
        try {
            NodeScripts.run("siwe-vectors.mjs", "", fresh.toString());
            Path committed = NodeScripts.root().resolve("protocol/src/test/resources/vectors/siwe.json");

            assertThat(SiweVectors.JSON.readTree(fresh.toFile())).isEqualTo(SiweVectors.JSON.readTree(committed.toFile()));
        } finally {
            Files.deleteIfExists(fresh);
        }
    }

    private static SiweMessage randomMessage(Random random, EthAddress address) {
        String alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder nonce = new StringBuilder();
        for (int i = 0, length = 8 + random.nextInt(24); i < length; i++) {
            nonce.append(alphanumeric.charAt(random.nextInt(alphanumeric.length())));
        }
        String host = random.nextBoolean() ? "localhost:" + (1024 + random.nextInt(60000)) : "app" + random.nextInt(99)
                + ".healthkey.example";
        Instant issued = Instant.ofEpochMilli(1_700_000_000_000L + (long) (random.nextDouble() * 1e11));
        SiweMessage.Builder builder = SiweMessage.builder(host, address, "https://" + host + "/login?r=" + random.nextInt(),
                1 + random.nextInt(Integer.MAX_VALUE), nonce.toString(), SiweTime.of(issued));
        if (random.nextBoolean()) {
            builder.statement("Sign in to HealthKey #" + random.nextInt(1000) + ": read (your) records.");
        }
        if (random.nextBoolean()) {
            builder.expirationTime(SiweTime.of(issued.plus(Duration.ofMinutes(1 + random.nextInt(60)))));
        }
        if (random.nextBoolean()) {
            builder.requestId("req-" + random.nextInt(1_000_000));
        }
        if (random.nextBoolean()) {
            builder.resources(List.of("ipfs://bafy" + random.nextInt(1_000_000), "https://" + host + "/terms"));
        }
        return builder.build();
    }
}
