package io.healthkey.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.InvalidSignatureException;
import io.healthkey.protocol.MalformedEncodingException;
import io.healthkey.protocol.Uint;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class EthSignatureTest {

    static final TypedData DATA = TypedData.of(Eip712Fixtures.CONSENT_DOMAIN, Eip712Fixtures.grant());
    static final EthSignature VALID = TypedDataSigner.fromKeyPair(Eip712Fixtures.PATIENT_KEY).sign(DATA);

    static byte[] withWord(byte[] signature, int offset, BigInteger value) {
        byte[] copy = signature.clone();
        System.arraycopy(Uint.toWord(value, 256, "word"), 0, copy, offset, 32);
        return copy;
    }

    @Test
    void rejectsHighSSignature() {
        // (r, n - s, v ^ 1) is the malleable twin of a valid signature: ecrecover accepts it, OpenZeppelin does not.
        byte[] twin = withWord(VALID.toBytes(), 32, EthSignature.CURVE_ORDER.subtract(VALID.s()));
        twin[64] = (byte) (VALID.v() == 27 ? 28 : 27);

        assertThatThrownBy(() -> EthSignature.fromBytes(twin))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("upper half");
    }

    @Test
    void acceptsTheLargestLowS() {
        byte[] boundary = withWord(VALID.toBytes(), 32, EthSignature.CURVE_ORDER.shiftRight(1));

        assertThat(EthSignature.fromBytes(boundary).s()).isEqualTo(EthSignature.CURVE_ORDER.shiftRight(1));
    }

    @Test
    void rejectsRecoveryIdsOtherThan27And28() {
        for (int v : new int[] {0, 1, 26, 29, 255}) {
            byte[] bytes = VALID.toBytes();
            bytes[64] = (byte) v;
            assertThatThrownBy(() -> EthSignature.fromBytes(bytes)).isInstanceOf(InvalidSignatureException.class)
                    .hasMessageContaining("v must be 27 or 28");
        }
    }

    @Test
    void rejectsSignaturesOfAnotherLength() {
        for (int length : new int[] {0, 64, 66}) {
            assertThatThrownBy(() -> EthSignature.fromBytes(new byte[length]))
                    .isInstanceOf(InvalidSignatureException.class);
        }
        assertThatThrownBy(() -> EthSignature.parse(VALID.toHex() + "00")).isInstanceOf(MalformedEncodingException.class);
    }

    @Test
    void rejectsZeroOrOutOfRangeRAndZeroS() {
        assertThatThrownBy(() -> EthSignature.fromBytes(withWord(VALID.toBytes(), 0, BigInteger.ZERO)))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> EthSignature.fromBytes(withWord(VALID.toBytes(), 0, EthSignature.CURVE_ORDER)))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> EthSignature.fromBytes(withWord(VALID.toBytes(), 32, BigInteger.ZERO)))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void rejectsSignatureFromWhichNoKeyRecovers() {
        // r = 5 is below n but is not the x of any curve point.
        EthSignature noPoint = EthSignature.fromBytes(withWord(VALID.toBytes(), 0, BigInteger.valueOf(5)));

        assertThatThrownBy(() -> SignatureVerifier.recoverSigner(DATA, noPoint))
                .isInstanceOf(InvalidSignatureException.class);
        assertThat(SignatureVerifier.isSignedByRequiredSigner(DATA, noPoint)).isFalse();
    }

    @Test
    void roundTripsThroughHex() {
        assertThat(EthSignature.parse(VALID.toHex())).isEqualTo(VALID);
        assertThat(VALID.toHex()).hasSize(132);
    }
}
