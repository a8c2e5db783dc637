package io.healthkey.protocol.passkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.MalformedEncodingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Node's derivation (interop/passkey-key-vectors.mjs, node:crypto's hkdfSync) against Java's (BouncyCastle's HKDF),
 * the software authenticator's PRF against the vectors' salt and output, and the inputs that must change the key.
 */
class PasskeyEncryptionKeysTest {

    private static JsonNode vectors;
    private static JsonNode first;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = PasskeyEncryptionKeysTest.class.getResourceAsStream("/vectors/passkey-key.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        first = vectors.get("vectors").get(0);
    }

    @Test
    void derivesTheKeyOfEveryNodeVector() {
        for (JsonNode v : vectors.get("vectors")) {
            EncryptionPrivateKey key = PasskeyEncryptionKeys.derive(bytes(v, "prfOutput"), v.get("chainId").asLong(),
                    EthAddress.parse(v.get("account").asText()));

            assertThat(Hex.encode(key.toBytes())).as(v.get("name").asText()).isEqualTo(v.get("privateKey").asText());
            assertThat(key.publicKey().toHex()).isEqualTo(v.get("publicKey").asText());
        }
    }

    @Test
    void theSoftwareAuthenticatorAnswersTheVectorsPrfOutput() {
        for (JsonNode v : vectors.get("vectors")) {
            assertThat(PasskeyEncryptionKeys.hmacSecretSalt(PasskeyEncryptionKeys.prfInput()))
                    .isEqualTo(bytes(v, "hmacSecretSalt"));
            assertThat(new SoftwarePrfAuthenticator(bytes(v, "credentialSecret"))
                    .evaluate(PasskeyEncryptionKeys.prfInput())).isEqualTo(bytes(v, "prfOutput"));
        }
    }

    @Test
    void pinsTheDocumentedPrfInputSaltAndInfo() {
        assertThat(new String(PasskeyEncryptionKeys.prfInput(), StandardCharsets.US_ASCII))
                .isEqualTo("HealthKey encryption key v1");
        assertThat(Hex.encode(PasskeyEncryptionKeys.prfInput())).isEqualTo(vectors.get("prfInput").asText());
        assertThat(new String(PasskeyEncryptionKeys.HKDF_SALT, StandardCharsets.US_ASCII))
                .isEqualTo("HealthKey passkey encryption key");
        assertThat(Hex.encode(PasskeyEncryptionKeys.HKDF_SALT)).isEqualTo(vectors.get("hkdfSalt").asText());
        assertThat(Hex.encode(PasskeyEncryptionKeys.info(31337, EthAddress.parse(first.get("account").asText()))))
                .isEqualTo(first.get("info").asText())
                .isEqualTo("0x" + Hex.encode("HealthKey secp256k1 key v1".getBytes(StandardCharsets.US_ASCII)).substring(2)
                        + "0000000000007a69" + first.get("account").asText().substring(2));
    }

    @Test
    void anotherAccountChainPrfOutputOrPrfInputGivesAnotherKey() {
        byte[] prf = bytes(first, "prfOutput");
        EthAddress account = EthAddress.parse(first.get("account").asText());
        long chain = first.get("chainId").asLong();
        Set<EncryptionPrivateKey> keys = new HashSet<>();
        keys.add(PasskeyEncryptionKeys.derive(prf, chain, account));
        keys.add(PasskeyEncryptionKeys.derive(prf, chain + 1, account));
        keys.add(PasskeyEncryptionKeys.derive(prf, chain, EthAddress.parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")));
        keys.add(PasskeyEncryptionKeys.derive(new SoftwarePrfAuthenticator(bytes(first, "credentialSecret"))
                .evaluate("HealthKey encryption key v2".getBytes(StandardCharsets.US_ASCII)), chain, account));
        for (int i = 0; i < prf.length; i++) {
            byte[] flipped = prf.clone();
            flipped[i] ^= 1;
            keys.add(PasskeyEncryptionKeys.derive(flipped, chain, account));
        }

        assertThat(keys).hasSize(4 + prf.length);
    }

    @Test
    void refusesAPrfOutputOfAnotherLengthAZeroAccountAndAChainIdOutOfRange() {
        EthAddress account = EthAddress.parse(first.get("account").asText());
        assertThatThrownBy(() -> PasskeyEncryptionKeys.derive(new byte[31], 1, account))
                .isInstanceOf(MalformedEncodingException.class);
        assertThatThrownBy(() -> PasskeyEncryptionKeys.derive(new byte[33], 1, account))
                .isInstanceOf(MalformedEncodingException.class);
        assertThatThrownBy(() -> PasskeyEncryptionKeys.derive(new byte[32], 1, EthAddress.parse("0x" + "00".repeat(20))))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> PasskeyEncryptionKeys.derive(new byte[32], 0, account))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> PasskeyEncryptionKeys.derive(new byte[32], 1L << 53, account))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void theMessagesNeverShowThePrfOutput() {
        byte[] prf = new byte[31];
        prf[0] = 0x5a;
        assertThatThrownBy(() -> PasskeyEncryptionKeys.derive(prf, 1, EthAddress.parse(first.get("account").asText())))
                .message().doesNotContain("5a");
    }

    private static byte[] bytes(JsonNode v, String field) {
        return Hex.decode(v.get(field).asText(), field);
    }
}
