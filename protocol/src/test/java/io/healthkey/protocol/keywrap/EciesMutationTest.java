package io.healthkey.protocol.keywrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.DecryptionFailedException;
import io.healthkey.protocol.EncryptionPrivateKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Sign;

/**
 * Every altered wrapped key is refused with the same {@link DecryptionFailedException}: each byte flipped under
 * several masks, every truncation, appended bytes, reordered fields, and the ephemeral key replaced by other points
 * or other encodings of the same point.
 */
class EciesMutationTest {

    static final int[] MASKS = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF};
    static final BigInteger P = Sign.CURVE_PARAMS.getCurve().getField().getCharacteristic();

    final EciesKeyWrap keyWrap = new EciesKeyWrap();
    final EncryptionPrivateKey reader = EncryptionPrivateKey.generate();
    final RecordKey key = RecordKey.generate();
    final byte[] wrapped = keyWrap.wrap(key, reader.publicKey()).toBytes();

    void assertRefused(byte[] mutated) {
        assertThatThrownBy(() -> keyWrap.unwrap(WrappedKey.fromBytes(mutated), reader))
                .isExactlyInstanceOf(DecryptionFailedException.class)
                .hasMessage(DecryptionFailedException.MESSAGE)
                .hasNoCause();
    }

    @Test
    void theUnalteredKeyOpens() {
        assertThat(keyWrap.unwrap(WrappedKey.fromBytes(wrapped), reader)).isEqualTo(key);
    }

    @Test
    void refusesEveryByteFlippedUnderEveryMask() {
        int refused = 0;
        for (int i = 0; i < wrapped.length; i++) {
            for (int mask : MASKS) {
                byte[] mutated = wrapped.clone();
                mutated[i] ^= (byte) mask;
                assertRefused(mutated);
                refused++;
            }
        }
        assertThat(refused).isEqualTo(129 * MASKS.length);
    }

    @Test
    void refusesEveryTruncation() {
        for (int length = 0; length < wrapped.length; length++) {
            assertRefused(Arrays.copyOf(wrapped, length));
            assertRefused(Arrays.copyOfRange(wrapped, wrapped.length - length, wrapped.length));
        }
    }

    @Test
    void refusesAppendedBytesAsKeyWrapAndAsGenericPayload() {
        for (int extra : new int[] {1, 2, 15, 16, 32, 65}) {
            byte[] longer = Arrays.copyOf(wrapped, wrapped.length + extra);
            assertRefused(longer);
            assertThatThrownBy(() -> new Ecies().decrypt(reader, longer))
                    .isExactlyInstanceOf(DecryptionFailedException.class);
        }
    }

    @Test
    void refusesReorderedFields() {
        byte[] nonceAndTagSwapped = wrapped.clone();
        System.arraycopy(wrapped, 81, nonceAndTagSwapped, 65, 16);
        System.arraycopy(wrapped, 65, nonceAndTagSwapped, 81, 16);
        assertRefused(nonceAndTagSwapped);

        byte[] tagAfterCiphertext = new byte[wrapped.length]; // the order JCE and noble use internally
        System.arraycopy(wrapped, 0, tagAfterCiphertext, 0, 81);
        System.arraycopy(wrapped, 97, tagAfterCiphertext, 81, 32);
        System.arraycopy(wrapped, 81, tagAfterCiphertext, 113, 16);
        assertRefused(tagAfterCiphertext);

        byte[] ciphertextHalvesSwapped = wrapped.clone();
        System.arraycopy(wrapped, 113, ciphertextHalvesSwapped, 97, 16);
        System.arraycopy(wrapped, 97, ciphertextHalvesSwapped, 113, 16);
        assertRefused(ciphertextHalvesSwapped);
    }

    @Test
    void refusesTheEphemeralKeyReplacedByAnotherValidPoint() {
        ECPoint ephemeral = Sign.CURVE_PARAMS.getCurve().decodePoint(Arrays.copyOf(wrapped, 65));
        List<ECPoint> others = new ArrayList<>(List.of(
                Sign.CURVE_PARAMS.getG(),
                ephemeral.negate(),
                ephemeral.twice(),
                Sign.CURVE_PARAMS.getCurve().decodePoint(reader.publicKey().toBytes())));
        for (int i = 0; i < 5; i++) {
            others.add(Sign.CURVE_PARAMS.getCurve().decodePoint(EncryptionPrivateKey.generate().publicKey().toBytes()));
        }
        for (ECPoint other : others) {
            assertRefused(withEphemeral(other.normalize().getEncoded(false)));
        }
    }

    @Test
    void refusesOtherEncodingsOfTheSameEphemeralPoint() {
        byte[] uncompressed = Arrays.copyOf(wrapped, 65);
        boolean yIsOdd = (uncompressed[64] & 1) == 1;

        // SEC 1 hybrid form of the same point: BouncyCastle decodes it, Ecies refuses the prefix (and the tag would fail
        // anyway, since the raw ephemeral bytes enter the HKDF input).
        byte[] hybrid = uncompressed.clone();
        hybrid[0] = (byte) (yIsOdd ? 0x07 : 0x06);
        assertRefused(withEphemeral(hybrid));

        byte[] compressedThenPadding = new byte[65]; // eciesjs's isEphemeralKeyCompressed = true, misread
        compressedThenPadding[0] = (byte) (yIsOdd ? 0x03 : 0x02);
        System.arraycopy(uncompressed, 1, compressedThenPadding, 1, 32);
        assertRefused(withEphemeral(compressedThenPadding));

        byte[] infinity = new byte[65];
        assertRefused(withEphemeral(infinity));
    }

    @Test
    void refusesAnEphemeralPointOffTheCurveOrWithACoordinateNotBelowP() {
        byte[] offCurve = Arrays.copyOf(wrapped, 65);
        offCurve[64] ^= 1; // y + 1 or y - 1: (x, y) on the curve means (x, y ± 1) is not
        assertRefused(withEphemeral(offCurve));

        // A point with a small x, so that x + p still fits in 32 bytes: the same point, non-canonically encoded.
        BigInteger x = BigInteger.ONE;
        ECPoint point = null;
        while (point == null) {
            try {
                point = Sign.CURVE_PARAMS.getCurve().decodePoint(concat(new byte[] {2}, word(x)));
            } catch (IllegalArgumentException noPoint) {
                x = x.add(BigInteger.ONE);
            }
        }
        byte[] nonCanonical = concat(new byte[] {4}, word(x.add(P)), word(point.normalize().getAffineYCoord().toBigInteger()));
        assertRefused(withEphemeral(nonCanonical));
        assertRefused(withEphemeral(point.normalize().getEncoded(false)));
    }

    @Test
    void genericDecryptRefusesEveryTruncationBelowTheOverhead() {
        Ecies ecies = new Ecies();
        byte[] payload = ecies.encrypt(reader.publicKey(), new byte[0]);
        assertThat(ecies.decrypt(reader, payload)).isEmpty();
        for (int length = 0; length < payload.length; length++) {
            byte[] truncated = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> ecies.decrypt(reader, truncated))
                    .isExactlyInstanceOf(DecryptionFailedException.class);
        }
    }

    byte[] withEphemeral(byte[] encoded) {
        assertThat(encoded).hasSize(65);
        byte[] mutated = wrapped.clone();
        System.arraycopy(encoded, 0, mutated, 0, 65);
        return mutated;
    }

    static byte[] word(BigInteger value) {
        byte[] magnitude = value.toByteArray();
        byte[] word = new byte[32];
        int skip = magnitude.length > 32 ? magnitude.length - 32 : 0;
        System.arraycopy(magnitude, skip, word, 32 - (magnitude.length - skip), magnitude.length - skip);
        return word;
    }

    static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
