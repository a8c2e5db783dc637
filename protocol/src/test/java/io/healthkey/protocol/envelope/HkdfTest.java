package io.healthkey.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 5869, appendix A, the HKDF-SHA256 test cases; the one-block path against the general one. */
class HkdfTest {

    static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesRfc5869TestCase1() {
        byte[] okm = Hkdf.sha256(HEX.parseHex("0b".repeat(22)), HEX.parseHex("000102030405060708090a0b0c"),
                HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(HEX.formatHex(okm)).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void matchesRfc5869TestCase3WithoutSaltOrInfo() {
        byte[] okm = Hkdf.sha256(HEX.parseHex("0b".repeat(22)), new byte[0], new byte[0], 42);
        assertThat(HEX.formatHex(okm)).isEqualTo(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void matchesRfc5869TestCase1InItsFirst32BytesThroughTheOneBlockPath() {
        byte[] salt = HEX.parseHex("ff" + "000102030405060708090a0b0c" + "ff");
        byte[] okm = Hkdf.sha256Block(
                HEX.parseHex("0b".repeat(22)), salt, 1, 13, HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"));
        assertThat(HEX.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    }

    @Test
    void oneBlockPathGivesTheFirst32BytesOfTheGeneralOne() {
        Random random = new Random(5869);
        for (int trial = 0; trial < 200; trial++) {
            byte[] ikm = new byte[random.nextInt(80)];
            byte[] salt = new byte[random.nextInt(80)];
            byte[] info = new byte[random.nextInt(80)];
            random.nextBytes(ikm);
            random.nextBytes(salt);
            random.nextBytes(info);
            int offset = salt.length == 0 ? 0 : random.nextInt(salt.length);
            int length = salt.length - offset;
            byte[] expected = Hkdf.sha256(ikm, Arrays.copyOfRange(salt, offset, salt.length), info, 64);
            assertThat(Hkdf.sha256Block(ikm, salt, offset, length, info)).isEqualTo(Arrays.copyOf(expected, 32));
        }
    }
}
