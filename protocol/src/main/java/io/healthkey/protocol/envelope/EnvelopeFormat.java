package io.healthkey.protocol.envelope;

import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.keywrap.WrappedKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Cipher;

/**
 * The byte layout of envelope versions 1 and 2 (docs/FORMAT.md, "Record envelope"), and the parameters of one
 * envelope: the segment size, and the header it starts with.
 *
 * <pre>
 * envelope = header ‖ segment_0 ‖ ... ‖ segment_(n-1)
 * header   = version 0x01 ‖ segment size exponent 0x14 ‖ salt(32) ‖ nonce prefix(7)                  (v1, 41)
 *          | version 0x02 ‖ segment size exponent 0x14 ‖ salt(32) ‖ nonce prefix(7)
 *            ‖ patient key(33, compressed) ‖ patient slot(129, ECIES of the record key for it)     (v2, 203)
 * segment  = AES-256-GCM(key = HKDF-SHA256(recordKey, salt, "HealthKey record envelope v" + version, 32),
 *                        nonce = nonce prefix ‖ uint32be(i) ‖ (i == n-1 ? 0x01 : 0x00),
 *                        aad = header ‖ record id(32), plaintext_i) = ciphertext_i ‖ tag(16)
 * </pre>
 */
final class EnvelopeFormat {

    static final byte VERSION_1 = 0x01;
    static final byte VERSION_2 = 0x02;
    /** Version 1 always uses 2^20-byte (1 MiB) plaintext segments. */
    static final int SEGMENT_SIZE_EXPONENT_V1 = 20;
    /** The smallest segment size exponent the insecure test seam accepts: 16-byte segments. */
    static final int MIN_TEST_SEGMENT_SIZE_EXPONENT = 4;
    static final int SALT_LENGTH = 32;
    static final int NONCE_PREFIX_LENGTH = 7;
    /** The length of version 1's header, and of the fields every version's header starts with. */
    static final int HEADER_LENGTH = 2 + SALT_LENGTH + NONCE_PREFIX_LENGTH;
    static final int PATIENT_KEY_OFFSET = HEADER_LENGTH;
    static final int PATIENT_KEY_LENGTH = 33;
    static final int SLOT_OFFSET = PATIENT_KEY_OFFSET + PATIENT_KEY_LENGTH;
    static final int HEADER_LENGTH_V2 = SLOT_OFFSET + WrappedKey.LENGTH;
    /** The first byte of an ECIES payload: its ephemeral key, uncompressed. */
    static final byte UNCOMPRESSED_POINT = 0x04;
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    static final int RECORD_ID_LENGTH = 32;
    /** Segment indexes are uint32: at most 2^32 segments per envelope. */
    static final long MAX_SEGMENTS = 1L << 32;
    static final byte[] KEY_INFO = "HealthKey record envelope v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEY_INFO_V2 = "HealthKey record envelope v2".getBytes(StandardCharsets.US_ASCII);

    private EnvelopeFormat() {
    }

    static int segmentSize(int exponent) {
        return 1 << exponent;
    }

    /**
     * The header for a fresh envelope: version, segment size exponent, then {@code saltAndNoncePrefix}; for version
     * 2, then the patient's key and their {@code slot}.
     */
    static byte[] header(int segmentSizeExponent, byte[] saltAndNoncePrefix, Optional<PatientSlot> slot) {
        byte[] header = new byte[slot.isPresent() ? HEADER_LENGTH_V2 : HEADER_LENGTH];
        writeHeader(header, segmentSizeExponent, saltAndNoncePrefix, slot);
        return header;
    }

    /** Writes the header of a fresh envelope to {@code out[0, 41)}, or {@code out[0, 203)} with a slot. */
    static void writeHeader(byte[] out, int segmentSizeExponent, byte[] saltAndNoncePrefix,
            Optional<PatientSlot> slot) {
        if (saltAndNoncePrefix.length != SALT_LENGTH + NONCE_PREFIX_LENGTH) {
            throw new IllegalArgumentException("salt and nonce prefix must be 39 bytes");
        }
        out[0] = slot.isPresent() ? VERSION_2 : VERSION_1;
        out[1] = (byte) segmentSizeExponent;
        System.arraycopy(saltAndNoncePrefix, 0, out, 2, saltAndNoncePrefix.length);
        slot.ifPresent(s -> {
            System.arraycopy(s.patientKey().toBytes(), 0, out, PATIENT_KEY_OFFSET, PATIENT_KEY_LENGTH);
            System.arraycopy(s.wrappedKey().toBytes(), 0, out, SLOT_OFFSET, WrappedKey.LENGTH);
        });
    }

    /**
     * Checks the first {@code length} bytes read of a header.
     *
     * @return the envelope's version, whose whole header {@code length} covers
     * @throws EnvelopeDecryptionException for an unknown version, another segment size, or fewer bytes than the
     *         version's header
     */
    static EnvelopeVersion checkHeader(byte[] header, int length, int expectedSegmentSizeExponent) {
        if (length >= 1 && header[0] != VERSION_1 && header[0] != VERSION_2) {
            throw new EnvelopeDecryptionException("unsupported record envelope version " + (header[0] & 0xff)
                    + "; this reader knows versions 1 and 2");
        }
        EnvelopeVersion version = length >= 1 && header[0] == VERSION_2 ? EnvelopeVersion.V2 : EnvelopeVersion.V1;
        if (length < version.headerLength()) {
            throw new EnvelopeDecryptionException("record envelope truncated: the header needs "
                    + version.headerLength() + " bytes, got " + length);
        }
        if (header[1] != expectedSegmentSizeExponent) {
            throw new EnvelopeDecryptionException("record envelope segment size exponent " + (header[1] & 0xff)
                    + " is not the " + expectedSegmentSizeExponent + " this reader expects");
        }
        return version;
    }

    /**
     * Reads and checks a whole header from {@code source}: the fields every version starts with, then the rest of
     * a version 2 header.
     */
    static byte[] readHeader(InputStream source, int expectedSegmentSizeExponent) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        int read = source.readNBytes(header, 0, HEADER_LENGTH);
        if (read == HEADER_LENGTH && header[0] == VERSION_2) {
            header = Arrays.copyOf(header, HEADER_LENGTH_V2);
            read += source.readNBytes(header, HEADER_LENGTH, HEADER_LENGTH_V2 - HEADER_LENGTH);
        }
        checkHeader(header, read, expectedSegmentSizeExponent);
        return header;
    }

    /**
     * Segment cipher, taking its {@code Cipher}s from {@code ciphers}, for the envelope whose header (already
     * checked) starts {@code header}, for {@code id}: derives the segment key from the salt in place and builds
     * the associated data from the whole header (a version 2 header's patient key and slot included) and the id.
     */
    static SegmentCipher segmentCipher(EnvelopeKey key, RecordId id, byte[] header, Supplier<Cipher> ciphers) {
        boolean version2 = header[0] == VERSION_2;
        int headerLength = version2 ? HEADER_LENGTH_V2 : HEADER_LENGTH;
        byte[] associatedData = new byte[headerLength + RECORD_ID_LENGTH];
        System.arraycopy(header, 0, associatedData, 0, headerLength);
        System.arraycopy(id.toBytes32().toBytes(), 0, associatedData, headerLength, RECORD_ID_LENGTH);
        byte[] segmentKey = Hkdf.sha256Block(key.bytes(), header, 2, SALT_LENGTH, version2 ? KEY_INFO_V2 : KEY_INFO);
        return new SegmentCipher(ciphers, segmentKey, header, associatedData);
    }

    /** The number of segments for {@code plaintextLength} bytes: at least one, the last holding 1 to S bytes. */
    static long segmentCount(long plaintextLength, int segmentSize) {
        return plaintextLength == 0 ? 1 : (plaintextLength + segmentSize - 1) / segmentSize;
    }

    static long ciphertextLength(long plaintextLength, int segmentSizeExponent, int headerLength) {
        if (plaintextLength < 0) {
            throw new IllegalArgumentException("plaintext length must not be negative: " + plaintextLength);
        }
        long segments = segmentCount(plaintextLength, segmentSize(segmentSizeExponent));
        if (segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("a record envelope holds at most 2^32 segments");
        }
        return headerLength + plaintextLength + segments * TAG_LENGTH;
    }
}
