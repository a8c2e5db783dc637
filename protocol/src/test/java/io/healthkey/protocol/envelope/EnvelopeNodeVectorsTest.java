package io.healthkey.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.RecordId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Envelopes written by Node (vectors/envelope-v1-node.json, from interop/envelope-vectors.mjs: the dApp's writer on
 * node:crypto, with a fixed salt): Java opens each to the exact plaintext, writes the same bytes given the same
 * salt and nonce prefix, and rejects every Node-made mutant.
 */
class EnvelopeNodeVectorsTest {

    private static final int VERSION_1_EXPONENT = 20;

    static Stream<Named<JsonNode>> vectors(String result) throws IOException {
        return EnvelopeVectorsTest.vectors("/vectors/envelope-v1-node.json", result);
    }

    static Stream<Named<JsonNode>> valid() throws IOException {
        List<Named<JsonNode>> valid = vectors("valid").toList();
        assertThat(valid).hasSize(8);
        return valid.stream();
    }

    /** The valid vectors that carry Node's bytes, not only their hash. */
    static Stream<Named<JsonNode>> validWithBytes() throws IOException {
        List<Named<JsonNode>> whole = vectors("valid").filter(v -> v.getPayload().has("ciphertext")).toList();
        assertThat(whole).hasSize(7);
        return whole.stream();
    }

    static Stream<Named<JsonNode>> invalid() throws IOException {
        List<Named<JsonNode>> invalid = vectors("invalid").toList();
        assertThat(invalid).hasSize(13);
        return invalid.stream();
    }

    @ParameterizedTest
    @MethodSource("validWithBytes")
    void opensNodesEnvelopeToThePlaintext(JsonNode vector) throws IOException {
        byte[] envelope = Hex.decode(vector.get("ciphertext").asText(), "ciphertext");
        byte[] plaintext = Hex.decode(vector.get("plaintext").asText(), "plaintext");
        EnvelopeEncryptor reader = reader(vector);

        assertThat(reader.decrypt(key(vector), recordId(vector), envelope)).isEqualTo(plaintext);
        assertThat(reader.decryptingStream(key(vector), recordId(vector), new ByteArrayInputStream(envelope))
                .readAllBytes()).isEqualTo(plaintext);
        assertThat(plaintext).isEqualTo(EnvelopeFixtures.pattern(vector.get("plaintextLength").asInt()));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void writesNodesBytesGivenNodesSalt(JsonNode vector) {
        EnvelopeEncryptor writer = InsecureEnvelopeEncryptors.insecureFixedSalt(
                vector.get("segmentSizeExponent").asInt(),
                Hex.decode(vector.get("saltAndNoncePrefix").asText(), "salt"));

        byte[] envelope = writer.encrypt(key(vector), recordId(vector),
                EnvelopeFixtures.pattern(vector.get("plaintextLength").asInt()));

        assertThat(envelope).hasSize(vector.get("ciphertextLength").asInt());
        assertThat(Hex.encode(EnvelopeVectors.sha256(envelope))).isEqualTo(vector.get("ciphertextSha256").asText());
        if (vector.has("ciphertext")) {
            assertThat(Hex.encode(envelope)).isEqualTo(vector.get("ciphertext").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsNodesMutant(JsonNode vector) {
        EnvelopeEncryptor reader = InsecureEnvelopeEncryptors.insecureSmallSegments(
                vector.get("segmentSizeExponent").asInt());
        byte[] envelope = Hex.decode(vector.get("ciphertext").asText(), "ciphertext");

        assertThatThrownBy(() -> reader.decrypt(key(vector), recordId(vector), envelope))
                .isInstanceOf(EnvelopeDecryptionException.class);
        assertThatThrownBy(() -> reader.decryptingStream(key(vector), recordId(vector),
                new ByteArrayInputStream(envelope)).readAllBytes())
                .isInstanceOf(EnvelopeDecryptionException.class);
    }

    /** The production reader for version 1's segment size; the test seam for the small test-only ones. */
    private static EnvelopeEncryptor reader(JsonNode vector) {
        int exponent = vector.get("segmentSizeExponent").asInt();
        return exponent == VERSION_1_EXPONENT ? new EnvelopeEncryptor()
                : InsecureEnvelopeEncryptors.insecureSmallSegments(exponent);
    }

    private static EnvelopeKey key(JsonNode vector) {
        return EnvelopeKey.fromBytes(Hex.decode(vector.get("key").asText(), "key"));
    }

    private static RecordId recordId(JsonNode vector) {
        return RecordId.parse(vector.get("recordId").asText());
    }
}
