package io.healthkey.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.RecordId;
import java.io.ByteArrayInputStream;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.WrappedKey;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers of version 2 (vectors/envelope-v2.json): the fixed salt and slot give the exact bytes, the patient's
 * private key opens the slot to the record key, and every mutant is rejected.
 */
class EnvelopeV2VectorsTest {

    static Stream<Named<JsonNode>> valid() throws IOException {
        List<Named<JsonNode>> valid = EnvelopeVectorsTest.vectors("/vectors/envelope-v2.json", "valid").toList();
        assertThat(valid).hasSize(EnvelopeV2Vectors.VALID.size());
        return valid.stream();
    }

    static Stream<Named<JsonNode>> invalid() throws IOException {
        List<Named<JsonNode>> invalid = EnvelopeVectorsTest.vectors("/vectors/envelope-v2.json", "invalid").toList();
        assertThat(invalid).hasSize(13);
        return invalid.stream();
    }

    @ParameterizedTest
    @MethodSource("valid")
    void encryptsToTheKnownAnswerAndThePatientOpensIt(JsonNode vector) throws IOException {
        EnvelopeVectors.Valid valid = new EnvelopeVectors.Valid(vector.get("name").asText(),
                vector.get("segmentSizeExponent").asInt(), vector.get("plaintextLength").asInt());
        byte[] plaintext = EnvelopeFixtures.pattern(valid.length());

        byte[] envelope = EnvelopeV2Vectors.envelope(valid);

        assertThat(envelope).hasSize(vector.get("ciphertextLength").asInt());
        assertThat(Hex.encode(EnvelopeVectors.sha256(envelope))).isEqualTo(vector.get("ciphertextSha256").asText());
        if (vector.has("ciphertext")) {
            assertThat(Hex.encode(envelope)).isEqualTo(vector.get("ciphertext").asText());
        }
        // The slot by offset: the shape check reads production headers only, and the small vector has 64-byte segments.
        WrappedKey slot = WrappedKey.fromBytes(Arrays.copyOfRange(envelope, 74, 203));
        assertThat(slot.toHex()).isEqualTo(vector.get("patientSlot").asText());
        EnvelopeKey key = EnvelopeKey.fromBytes(new EciesKeyWrap().unwrap(slot,
                EncryptionPrivateKey.parse(vector.get("patientPrivateKey").asText())).toBytes());
        assertThat(Hex.encode(key.toBytes())).isEqualTo(vector.get("key").asText());
        EnvelopeEncryptor reader = InsecureEnvelopeEncryptors.insecureSmallSegments(valid.exponent());
        RecordId id = RecordId.parse(vector.get("recordId").asText());
        assertThat(reader.decrypt(key, id, envelope)).isEqualTo(plaintext);
        assertThat(reader.decryptingStream(key, id, new ByteArrayInputStream(envelope)).readAllBytes())
                .isEqualTo(plaintext);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsTheInvalidVector(JsonNode vector) {
        EnvelopeVectorsTest.assertRejected(vector);
    }
}
