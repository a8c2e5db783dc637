package io.healthkey.protocol.keywrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers made by eciesjs 0.5.0 in its default configuration (interop/ecies-vectors.mjs): Java must open
 * every payload, and, given the same ephemeral key and nonce, produce the same bytes.
 */
class EciesVectorsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    record Vector(Map<String, Object> fields) {
        byte[] bytes(String name) {
            return Hex.decode((String) fields.get(name), name);
        }

        boolean isRecordKey() {
            return (Boolean) fields.get("recordKey");
        }
    }

    static Map<String, Object> file() throws IOException {
        try (InputStream in = EciesVectorsTest.class.getResourceAsStream("/vectors/ecies.json")) {
            return JSON.readValue(in, new TypeReference<>() { });
        }
    }

    static Stream<Named<Vector>> vectors() throws IOException {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> vectors = (List<Map<String, Object>>) file().get("vectors");
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(15);
        return vectors.stream().map(fields -> Named.of((String) fields.get("name"), new Vector(fields)));
    }

    @Test
    void vectorsWereMadeWithTheDefaultConfigurationOfEciesjs050() throws IOException {
        Map<String, Object> file = file();
        assertThat((String) file.get("library")).startsWith("eciesjs 0.5.0 ");
        assertThat(file.get("config")).isEqualTo(Map.of(
                "ellipticCurve", "secp256k1", "isEphemeralKeyCompressed", false, "isHkdfKeyCompressed", false,
                "symmetricAlgorithm", "aes-256-gcm", "symmetricNonceLength", 16));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decryptsThePayloadOfEciesjs(Vector vector) {
        EncryptionPrivateKey recipient = EncryptionPrivateKey.fromBytes(vector.bytes("recipientPrivateKey"));

        assertThat(new Ecies().decrypt(recipient, vector.bytes("ciphertext"))).isEqualTo(vector.bytes("plaintext"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void encryptsToTheSameBytesAsEciesjsWithTheSameEphemeralKeyAndNonce(Vector vector) {
        Ecies fixed = InsecureFixedEphemeralKey.ecies(vector.bytes("ephemeralPrivateKey"), vector.bytes("nonce"));
        EncryptionPublicKey recipient = EncryptionPublicKey.fromCompressed(vector.bytes("recipientPublicKey"));

        assertThat(Hex.encode(fixed.encrypt(recipient, vector.bytes("plaintext"))))
                .isEqualTo(Hex.encode(vector.bytes("ciphertext")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void agreesWithEciesjsOnEveryIntermediateValueAndOffset(Vector vector) {
        byte[] ciphertext = vector.bytes("ciphertext");
        EncryptionPrivateKey recipient = EncryptionPrivateKey.fromBytes(vector.bytes("recipientPrivateKey"));
        EncryptionPrivateKey ephemeral = EncryptionPrivateKey.fromBytes(vector.bytes("ephemeralPrivateKey"));

        assertThat(recipient.publicKey().toBytes()).isEqualTo(vector.bytes("recipientPublicKey"));
        assertThat(Arrays.copyOfRange(ciphertext, 0, 65)).isEqualTo(vector.bytes("ephemeralPublicKey"))
                .startsWith(0x04);
        assertThat(Arrays.copyOfRange(ciphertext, 65, 81)).isEqualTo(vector.bytes("nonce"));
        assertThat(ciphertext).hasSize(Ecies.OVERHEAD + vector.bytes("plaintext").length);
        assertThat(Ecies.deriveKey(vector.bytes("ephemeralPublicKey"), vector.bytes("sharedPoint")))
                .isEqualTo(vector.bytes("sharedKey"));
        assertThat(ephemeral.publicKey().toBytes()[0]).isIn((byte) 2, (byte) 3);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void unwrapsTheRecordKeysEciesjsWrapped(Vector vector) {
        if (!vector.isRecordKey()) {
            return;
        }
        EncryptionPrivateKey recipient = EncryptionPrivateKey.fromBytes(vector.bytes("recipientPrivateKey"));
        WrappedKey wrapped = WrappedKey.parse((String) vector.fields().get("ciphertext"));

        assertThat(wrapped.toBytes()).hasSize(WrappedKey.LENGTH);
        assertThat(new EciesKeyWrap().unwrap(wrapped, recipient))
                .isEqualTo(RecordKey.fromBytes(vector.bytes("plaintext")));
    }
}
