package io.healthkey.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.RecordId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Known answers (vectors/envelope-v1.json): encryption with a fixed salt is byte-exact; invalid ones fail. */
class EnvelopeVectorsTest {

    static Stream<Named<JsonNode>> vectors(String result) throws IOException {
        return vectors("/vectors/envelope-v1.json", result);
    }

    /** The vectors of {@code resource} whose result is {@code result}, named. */
    static Stream<Named<JsonNode>> vectors(String resource, String result) throws IOException {
        try (InputStream in = EnvelopeVectorsTest.class.getResourceAsStream(resource)) {
            List<Named<JsonNode>> vectors = new ArrayList<>();
            for (JsonNode vector : new ObjectMapper().readTree(in).get("vectors")) {
                if (vector.get("result").asText().equals(result)) {
                    vectors.add(Named.of(vector.get("name").asText(), vector));
                }
            }
            return vectors.stream();
        }
    }

    static Stream<Named<JsonNode>> valid() throws IOException {
        List<Named<JsonNode>> valid = vectors("valid").toList();
        assertThat(valid).hasSize(10);
        return valid.stream();
    }

    static Stream<Named<JsonNode>> invalid() throws IOException {
        List<Named<JsonNode>> invalid = vectors("invalid").toList();
        assertThat(invalid).hasSize(14);
        return invalid.stream();
    }

    @ParameterizedTest
    @MethodSource("valid")
    void encryptsToTheKnownAnswerAndBack(JsonNode vector) throws IOException {
        EnvelopeEncryptor encryptor = InsecureEnvelopeEncryptors.insecureFixedSalt(
                vector.get("segmentSizeExponent").asInt(),
                Hex.decode(vector.get("saltAndNoncePrefix").asText(), "salt"));
        EnvelopeKey key = EnvelopeKey.fromBytes(Hex.decode(vector.get("key").asText(), "key"));
        RecordId id = RecordId.parse(vector.get("recordId").asText());
        byte[] plaintext = EnvelopeFixtures.pattern(vector.get("plaintextLength").asInt());
        if (vector.has("plaintext")) {
            assertThat(Hex.encode(plaintext)).isEqualTo(vector.get("plaintext").asText());
        }

        byte[] envelope = encryptor.encrypt(key, id, plaintext);

        assertThat(envelope).hasSize(vector.get("ciphertextLength").asInt());
        assertThat(Hex.encode(EnvelopeVectors.sha256(envelope))).isEqualTo(vector.get("ciphertextSha256").asText());
        if (vector.has("ciphertext")) {
            assertThat(Hex.encode(envelope)).isEqualTo(vector.get("ciphertext").asText());
        }
        assertThat(encryptor.decrypt(key, id, envelope)).isEqualTo(plaintext);
        assertThat(encryptor.decryptingStream(key, id, new ByteArrayInputStream(envelope)).readAllBytes())
                .isEqualTo(plaintext);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsTheInvalidVector(JsonNode vector) {
        assertRejected(vector);
    }

    /** Both readers, whole and streaming, refuse the invalid {@code vector} (of either version). */
    static void assertRejected(JsonNode vector) {
        EnvelopeEncryptor reader = InsecureEnvelopeEncryptors.insecureSmallSegments(
                vector.get("segmentSizeExponent").asInt());
        EnvelopeKey key = EnvelopeKey.fromBytes(Hex.decode(vector.get("key").asText(), "key"));
        RecordId id = RecordId.parse(vector.get("recordId").asText());
        byte[] envelope = Hex.decode(vector.get("ciphertext").asText(), "ciphertext");

        assertThatThrownBy(() -> reader.decrypt(key, id, envelope)).isInstanceOf(EnvelopeDecryptionException.class);
        assertThatThrownBy(() -> reader.decryptingStream(key, id, new ByteArrayInputStream(envelope)).readAllBytes())
                .isInstanceOf(EnvelopeDecryptionException.class);
    }
}
