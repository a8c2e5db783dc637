package io.healthkey.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

class EncryptionPrivateKeyTest {

    static final String ACCOUNT_0_SECRET = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    static final BigInteger N = Sign.CURVE_PARAMS.getN();

    @Test
    void derivesThePublishedPublicKey() {
        EncryptionPrivateKey key = EncryptionPrivateKey.parse(ACCOUNT_0_SECRET);

        assertThat(key.publicKey()).isEqualTo(EncryptionPublicKey.parse(EncryptionPublicKeyTest.ACCOUNT_0_KEY));
        assertThat(Hex.encode(key.toBytes())).isEqualTo(ACCOUNT_0_SECRET);
        assertThat(EncryptionPrivateKey.of(EncryptionPublicKeyTest.ACCOUNT_0)).isEqualTo(key);
        assertThat(EncryptionPrivateKey.fromBytes(key.toBytes())).isEqualTo(key).hasSameHashCodeAs(key);
    }

    @Test
    void keepsLeadingZeroBytesOfSmallScalars() {
        EncryptionPrivateKey one = EncryptionPrivateKey.fromBytes(word(BigInteger.ONE));

        assertThat(one.toBytes()).hasSize(32).isEqualTo(word(BigInteger.ONE));
        assertThat(one.publicKey().toBytes()).isEqualTo(Sign.CURVE_PARAMS.getG().getEncoded(true));
        assertThat(EncryptionPrivateKey.fromBytes(word(N.subtract(BigInteger.ONE))).toBytes())
                .isEqualTo(word(N.subtract(BigInteger.ONE)));
    }

    @Test
    void rejectsZeroAndScalarsNotBelowTheOrderWithoutEchoingThem() {
        for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, N, N.add(BigInteger.ONE), BigInteger.TWO.pow(256).subtract(BigInteger.ONE)}) {
            assertThatThrownBy(() -> EncryptionPrivateKey.fromBytes(word(bad)))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageNotContaining(bad.toString(16));
        }
        assertThatThrownBy(() -> EncryptionPrivateKey.of(ECKeyPair.create(N)))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejectsMalformedTextWithoutEchoingIt() {
        String secretDigits = ACCOUNT_0_SECRET.substring(2);
        for (String bad : new String[] {secretDigits, ACCOUNT_0_SECRET + "00", ACCOUNT_0_SECRET.substring(0, 64),
                ACCOUNT_0_SECRET.substring(0, 65) + "g", null}) {
            assertThatThrownBy(() -> EncryptionPrivateKey.parse(bad))
                    .isInstanceOf(MalformedEncodingException.class)
                    .hasMessageNotContaining(secretDigits.substring(0, 16));
        }
        assertThatThrownBy(() -> EncryptionPrivateKey.fromBytes(new byte[31]))
                .isInstanceOf(MalformedEncodingException.class);
    }

    @Test
    void neverPrintsTheSecret() {
        EncryptionPrivateKey key = EncryptionPrivateKey.parse(ACCOUNT_0_SECRET);

        assertThat(key.toString())
                .isEqualTo("EncryptionPrivateKey[redacted, public key " + EncryptionPublicKeyTest.ACCOUNT_0_KEY + "]")
                .doesNotContain(ACCOUNT_0_SECRET.substring(2, 12));
    }

    @Test
    void generatesDistinctValidKeys() {
        EncryptionPrivateKey a = EncryptionPrivateKey.generate();
        EncryptionPrivateKey b = EncryptionPrivateKey.generate();

        assertThat(a).isNotEqualTo(b);
        assertThat(new BigInteger(1, a.toBytes())).isPositive().isLessThan(N);
    }

    static byte[] word(BigInteger value) {
        return Uint.toWord(value, 256, "test");
    }
}
