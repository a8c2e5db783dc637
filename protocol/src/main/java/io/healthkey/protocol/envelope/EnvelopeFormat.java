package io.healthkey.protocol.envelope;

import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.RecordId;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import javax.crypto.Cipher;

/**
 * The byte layout of envelope version 1 (docs/FORMAT.md, "Record envelope"), and the parameters of one envelope:
 * the segment size, and the header it starts with.
 *
 * <pre>
 * envelope = header(41) ‖ segment_0 ‖ ... ‖ segment_(n-1)
 * header   = version 0x01 ‖ segment size exponent 0x14 ‖ salt(32) ‖ nonce prefix(7)
 * segment  = AES-256-GCM(key = HKDF-SHA256(recordKey, salt, "HealthKey record envelope v1", 32),
 *                        nonce = nonce prefix ‖ uint32be(i) ‖ (i == n-1 ? 0x01 : 0x00),
 *                        aad = header ‖ record id(32), plaintext_i) = ciphertext_i ‖ tag(16)
 * </pre>
 */
final class EnvelopeFormat {

    static final byte VERSION_1 = 0x01;
    /** Version 1 always uses 2^20-byte (1 MiB) plaintext segments. */
    static final int SEGMENT_SIZE_EXPONENT_V1 = 20;
    /** The smallest segment size exponent the insecure test seam accepts: 16-byte segments. */
    static final int MIN_TEST_SEGMENT_SIZE_EXPONENT = 4;
    static final int SALT_LENGTH = 32;
    static final int NONCE_PREFIX_LENGTH = 7;
    static final int HEADER_LENGTH = 2 + SALT_LENGTH + NONCE_PREFIX_LENGTH;
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    static final int RECORD_ID_LENGTH = 32;
    /** Segment indexes are uint32: at most 2^32 segments per envelope. */
    static final long MAX_SEGMENTS = 1L << 32;
    static final byte[] KEY_INFO = "HealthKey record envelope v1".getBytes(StandardCharsets.US_ASCII);

    private EnvelopeFormat() {
    }

    static int segmentSize(int exponent) {
        return 1 << exponent;
    }

    /** The header for a fresh envelope: version, segment size exponent, then {@code saltAndNoncePrefix}. */
    static byte[] header(int segmentSizeExponent, byte[] saltAndNoncePrefix) {
        byte[] header = new byte[HEADER_LENGTH];
        writeHeader(header, segmentSizeExponent, saltAndNoncePrefix);
        return header;
    }

    /** Writes the header of a fresh envelope to {@code out[0, 41)}. */
    static void writeHeader(byte[] out, int segmentSizeExponent, byte[] saltAndNoncePrefix) {
        if (saltAndNoncePrefix.length != SALT_LENGTH + NONCE_PREFIX_LENGTH) {
            throw new IllegalArgumentException("salt and nonce prefix must be 39 bytes");
        }
        out[0] = VERSION_1;
        out[1] = (byte) segmentSizeExponent;
        System.arraycopy(saltAndNoncePrefix, 0, out, 2, saltAndNoncePrefix.length);
    }

    /**
     * Checks the first {@code length} bytes read of a header.
     *
     * @throws EnvelopeDecryptionException for another version or segment size, or fewer than 41 bytes
     */
    static void checkHeader(byte[] header, int length, int expectedSegmentSizeExponent) {
        if (length >= 1 && header[0] != VERSION_1) {
            throw new EnvelopeDecryptionException(
                    "unsupported record envelope version " + (header[0] & 0xff) + "; this reader knows version 1");
        }
        if (length < HEADER_LENGTH) {
            throw new EnvelopeDecryptionException(
                    "record envelope truncated: the header needs " + HEADER_LENGTH + " bytes, got " + length);
        }
        if (header[1] != expectedSegmentSizeExponent) {
            throw new EnvelopeDecryptionException("record envelope segment size exponent " + (header[1] & 0xff)
                    + " is not the " + expectedSegmentSizeExponent + " this reader expects");
        }
    }

    /**
     * Segment cipher, taking its {@code Cipher}s from {@code ciphers}, for the envelope whose header (already
     * checked) is {@code header[0, 41)}, for {@code id}: derives the segment key from the salt in place and builds
     * the associated data.
     */
    static SegmentCipher segmentCipher(EnvelopeKey key, RecordId id, byte[] header, Supplier<Cipher> ciphers) {
        byte[] associatedData = new byte[HEADER_LENGTH + RECORD_ID_LENGTH];
        System.arraycopy(header, 0, associatedData, 0, HEADER_LENGTH);
        System.arraycopy(id.toBytes32().toBytes(), 0, associatedData, HEADER_LENGTH, RECORD_ID_LENGTH);
        byte[] segmentKey = Hkdf.sha256Block(key.bytes(), header, 2, SALT_LENGTH, KEY_INFO);
        return new SegmentCipher(ciphers, segmentKey, header, associatedData);
    }

    /** The number of segments for {@code plaintextLength} bytes: at least one, the last holding 1 to S bytes. */
    static long segmentCount(long plaintextLength, int segmentSize) {
        return plaintextLength == 0 ? 1 : (plaintextLength + segmentSize - 1) / segmentSize;
    }

    static long ciphertextLength(long plaintextLength, int segmentSizeExponent) {
        if (plaintextLength < 0) {
            throw new IllegalArgumentException("plaintext length must not be negative: " + plaintextLength);
        }
        long segments = segmentCount(plaintextLength, segmentSize(segmentSizeExponent));
        if (segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("a record envelope holds at most 2^32 segments");
        }
        return HEADER_LENGTH + plaintextLength + segments * TAG_LENGTH;
    }
}
