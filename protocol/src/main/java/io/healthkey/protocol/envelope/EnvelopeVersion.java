package io.healthkey.protocol.envelope;

import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.keywrap.WrappedKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * The record envelope's versions (docs/FORMAT.md, "Record envelope"): what a party without the record key may learn
 * of an envelope from its length and its header. Both use 1 MiB segments and the same segment encryption; they
 * differ in the header.
 * <ul>
 *   <li>{@link #V1}: 41 bytes, version, segment size, salt, nonce prefix. Readable only with a record key kept
 *       elsewhere (the backend's database): lose it and the record is lost.</li>
 *   <li>{@link #V2}: 203 bytes, version 1's fields, then the patient's published encryption key (33) and the record
 *       key wrapped for it (129): a patient who holds their private key reads the record from the envelope alone.</li>
 * </ul>
 */
public enum EnvelopeVersion {
    V1(EnvelopeFormat.VERSION_1, EnvelopeFormat.HEADER_LENGTH),
    V2(EnvelopeFormat.VERSION_2, EnvelopeFormat.HEADER_LENGTH_V2);

    /** The longest header of any version: enough bytes to read any envelope's patient slot. */
    public static final int LONGEST_HEADER = EnvelopeFormat.HEADER_LENGTH_V2;

    private final byte versionByte;
    private final int headerLength;

    EnvelopeVersion(byte versionByte, int headerLength) {
        this.versionByte = versionByte;
        this.headerLength = headerLength;
    }

    /** The version an envelope starting with these two bytes (version, segment size exponent) is, if any. */
    public static Optional<EnvelopeVersion> ofStart(byte first, byte second) {
        if (second != EnvelopeFormat.SEGMENT_SIZE_EXPONENT_V1) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(v -> v.versionByte == first).findFirst();
    }

    /** The byte at offset 0 of its envelopes. */
    public byte versionByte() {
        return versionByte;
    }

    public int headerLength() {
        return headerLength;
    }

    /**
     * The bytes of every sealed segment but the last (plaintext segment and tag): an envelope is its header, then
     * whole sealed segments of this length, then the final one of 17 bytes to this length.
     */
    public static long sealedSegmentLength() {
        return (long) EnvelopeFormat.segmentSize(EnvelopeFormat.SEGMENT_SIZE_EXPONENT_V1) + EnvelopeFormat.TAG_LENGTH;
    }

    /** The number of bytes of this version's envelope of {@code plaintextLength} bytes. */
    public long ciphertextLength(long plaintextLength) {
        return EnvelopeFormat.ciphertextLength(plaintextLength, EnvelopeFormat.SEGMENT_SIZE_EXPONENT_V1, headerLength);
    }

    /**
     * The plaintext length of this version's envelope of {@code envelopeLength} bytes, or -1 when no plaintext
     * encrypts to that many bytes: lets a party without the key reject a truncated or padded upload.
     */
    public long plaintextLength(long envelopeLength) {
        long body = envelopeLength - headerLength;
        if (body < EnvelopeFormat.TAG_LENGTH) {
            return -1;
        }
        long sealedSegment = sealedSegmentLength();
        long segments = (body + sealedSegment - 1) / sealedSegment;
        if (segments > EnvelopeFormat.MAX_SEGMENTS) {
            return -1;
        }
        long plaintext = body - segments * EnvelopeFormat.TAG_LENGTH;
        return plaintext >= 0 && ciphertextLength(plaintext) == envelopeLength ? plaintext : -1;
    }

    /**
     * The patient's slot in the header at the start of {@code envelopePrefix}: empty for version 1, which has none.
     * Checks the header's shape only (version, segment size, length, a patient key on the curve, a slot of 129 bytes
     * starting with an uncompressed ephemeral key); whether the slot opens is for the patient to find out.
     *
     * @throws EnvelopeDecryptionException (PROTO-0020) if the bytes do not start with a header of a known version
     */
    public static Optional<PatientSlot> patientSlot(byte[] envelopePrefix) {
        EnvelopeVersion version = EnvelopeFormat.checkHeader(envelopePrefix, envelopePrefix.length,
                EnvelopeFormat.SEGMENT_SIZE_EXPONENT_V1);
        if (version == V1) {
            return Optional.empty();
        }
        byte[] key = Arrays.copyOfRange(envelopePrefix, EnvelopeFormat.PATIENT_KEY_OFFSET,
                EnvelopeFormat.PATIENT_KEY_OFFSET + EnvelopeFormat.PATIENT_KEY_LENGTH);
        byte[] slot = Arrays.copyOfRange(envelopePrefix, EnvelopeFormat.SLOT_OFFSET,
                EnvelopeFormat.SLOT_OFFSET + WrappedKey.LENGTH);
        if (slot[0] != EnvelopeFormat.UNCOMPRESSED_POINT) {
            throw new EnvelopeDecryptionException("record envelope's patient slot does not start with an"
                    + " uncompressed ephemeral key");
        }
        try {
            return Optional.of(new PatientSlot(EncryptionPublicKey.fromCompressed(key), WrappedKey.fromBytes(slot)));
        } catch (InvalidValueException e) {
            throw new EnvelopeDecryptionException("record envelope's patient key is not a secp256k1 point");
        }
    }
}
