package io.healthkey.protocol.keywrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.healthkey.protocol.DecryptionFailedException;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.eip712.NodeScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java and eciesjs 0.5.0 (default configuration) open each other's payloads, for fresh random keys: the record
 * keys Java wraps unwrap with {@code eciesjs.decrypt}, and the ones {@code eciesjs.encrypt} wraps unwrap in Java.
 * Needs {@code node} and the repository's node_modules; skipped with a message when node is missing.
 */
class EciesInteropIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int KEYS = 20;
    static final SecureRandom RANDOM = new SecureRandom();

    final EciesKeyWrap keyWrap = new EciesKeyWrap();

    @BeforeAll
    static void requireNode() {
        NodeScripts.assumeNodeIsInstalled();
    }

    @Test
    void eciesjsUnwrapsRecordKeysWrappedInJava() throws Exception {
        ArrayNode input = JSON.createArrayNode();
        List<RecordKey> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            EncryptionPrivateKey reader = EncryptionPrivateKey.generate();
            RecordKey key = RecordKey.generate();
            input.addObject().put("privateKey", Hex.encode(reader.toBytes()))
                    .put("ciphertext", keyWrap.wrap(key, reader.publicKey()).toHex());
            keys.add(key);
        }

        List<String> plaintexts = NodeScripts.run("ecies-decrypt.mjs", JSON.writeValueAsString(input));

        assertThat(plaintexts).containsExactlyElementsOf(keys.stream().map(key -> Hex.encode(key.toBytes())).toList());
    }

    @Test
    void javaUnwrapsRecordKeysWrappedByEciesjs() throws Exception {
        ArrayNode input = JSON.createArrayNode();
        List<EncryptionPrivateKey> readers = new ArrayList<>();
        List<RecordKey> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            EncryptionPrivateKey reader = EncryptionPrivateKey.generate();
            RecordKey key = RecordKey.generate();
            input.addObject().put("publicKey", reader.publicKey().toHex()).put("plaintext", Hex.encode(key.toBytes()));
            readers.add(reader);
            keys.add(key);
        }

        List<String> wrapped = NodeScripts.run("ecies-encrypt.mjs", JSON.writeValueAsString(input));

        assertThat(wrapped).hasSize(KEYS);
        for (int i = 0; i < KEYS; i++) {
            assertThat(keyWrap.unwrap(WrappedKey.parse(wrapped.get(i)), readers.get(i))).isEqualTo(keys.get(i));
        }
    }

    @Test
    void producesTheSameBytesAsEciesjsForTheSameEphemeralKeyAndNonce() throws Exception {
        ArrayNode input = JSON.createArrayNode();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            EncryptionPrivateKey reader = EncryptionPrivateKey.generate();
            byte[] ephemeral = EncryptionPrivateKey.generate().toBytes();
            byte[] nonce = randomBytes(Ecies.NONCE_LENGTH);
            byte[] plaintext = randomBytes(i * 13);
            input.addObject().put("publicKey", reader.publicKey().toHex()).put("plaintext", Hex.encode(plaintext))
                    .put("ephemeralPrivateKey", Hex.encode(ephemeral)).put("nonce", Hex.encode(nonce));
            expected.add(Hex.encode(InsecureFixedEphemeralKey.ecies(ephemeral, nonce).encrypt(reader.publicKey(), plaintext)));
        }

        assertThat(NodeScripts.run("ecies-encrypt.mjs", JSON.writeValueAsString(input))).containsExactlyElementsOf(expected);
    }

    @Test
    void genericPayloadsOfEveryLengthOpenBothWays() throws Exception {
        Ecies ecies = new Ecies();
        EncryptionPrivateKey reader = EncryptionPrivateKey.generate();
        ArrayNode toNode = JSON.createArrayNode();
        ArrayNode fromNode = JSON.createArrayNode();
        List<String> plaintexts = new ArrayList<>();
        for (int length : new int[] {0, 1, 15, 16, 17, 31, 33, 64, 255, 1024, 65_537}) {
            byte[] plaintext = randomBytes(length);
            plaintexts.add(Hex.encode(plaintext));
            toNode.addObject().put("privateKey", Hex.encode(reader.toBytes()))
                    .put("ciphertext", Hex.encode(ecies.encrypt(reader.publicKey(), plaintext)));
            fromNode.addObject().put("publicKey", reader.publicKey().toHex()).put("plaintext", Hex.encode(plaintext));
        }

        assertThat(NodeScripts.run("ecies-decrypt.mjs", JSON.writeValueAsString(toNode))).containsExactlyElementsOf(plaintexts);
        List<String> payloads = NodeScripts.run("ecies-encrypt.mjs", JSON.writeValueAsString(fromNode));
        assertThat(payloads).hasSameSizeAs(plaintexts);
        for (int i = 0; i < payloads.size(); i++) {
            assertThat(Hex.encode(ecies.decrypt(reader, Hex.decode(payloads.get(i), "payload")))).isEqualTo(plaintexts.get(i));
        }
    }

    @Test
    void eciesjsAlsoRefusesTheAlteredKeysJavaRefuses() throws Exception {
        EncryptionPrivateKey reader = EncryptionPrivateKey.generate();
        byte[] wrapped = keyWrap.wrap(RecordKey.generate(), reader.publicKey()).toBytes();
        List<byte[]> altered = new ArrayList<>();
        for (int i = 0; i < wrapped.length; i++) {
            byte[] flipped = wrapped.clone();
            flipped[i] ^= (byte) (1 << (i % 8));
            altered.add(flipped);
        }
        byte[] hybrid = wrapped.clone();
        hybrid[0] = (byte) ((wrapped[64] & 1) == 1 ? 0x07 : 0x06);
        altered.add(hybrid);
        altered.add(java.util.Arrays.copyOf(wrapped, 100));
        altered.add(java.util.Arrays.copyOf(wrapped, 96));

        ArrayNode input = JSON.createArrayNode();
        for (byte[] bytes : altered) {
            Assertions.assertThatThrownBy(() -> keyWrap.unwrap(WrappedKey.fromBytes(bytes), reader))
                    .isInstanceOf(DecryptionFailedException.class);
            input.addObject().put("privateKey", Hex.encode(reader.toBytes())).put("ciphertext", Hex.encode(bytes));
        }

        assertThat(NodeScripts.run("ecies-decrypt.mjs", JSON.writeValueAsString(input)))
                .hasSize(altered.size()).allMatch(line -> line.startsWith("ERROR "));
    }

    @Test
    void committedVectorsAreWhatEciesjsGeneratesToday() throws Exception {
        Path fresh = Files.createTempFile("ecies-vectors", ".json");
        try {
            NodeScripts.run("ecies-vectors.mjs", "", fresh.toString());
            Path committed = NodeScripts.root().resolve("protocol/src/test/resources/vectors/ecies.json");

            JsonNode generated = JSON.readTree(fresh.toFile());
            assertThat(generated).isEqualTo(JSON.readTree(committed.toFile()));
        } finally {
            Files.deleteIfExists(fresh);
        }
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
