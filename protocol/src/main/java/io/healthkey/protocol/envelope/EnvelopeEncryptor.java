package io.healthkey.protocol.envelope;

import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.KeyWrapper;
import io.healthkey.protocol.keywrap.RecordKey;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.crypto.Cipher;

/**
 * Encrypts and decrypts record versions in the record envelope format (docs/FORMAT.md, "Record envelope (segmented
 * AES-256-GCM)"): a streaming AEAD after Tink's AES-GCM-HKDF streaming AEAD and the STREAM
 * construction of Hoang, Reyhanitabar, Rogaway and Vizár. Immutable and thread-safe; the streams it returns are
 * not thread-safe.
 *
 * <p>Versions: the methods that take the patient's {@link EncryptionPublicKey} write version 2, whose header carries
 * the record key wrapped for that key (the patient's slot), so that the patient reads the record from the envelope
 * alone; write new records with them. The methods without it write version 1, which only a record key kept
 * elsewhere opens: they remain for clients and tests of version 1. Decryption reads both.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li><b>Confidentiality and integrity</b> of the plaintext, and of its length up to the segment structure,
 *       under AES-256-GCM with 128-bit tags. The caller never chooses a nonce: each envelope draws a fresh 32-byte
 *       salt and 7-byte nonce prefix from {@link SecureRandom}; the segment key is
 *       HKDF-SHA256(record key, salt, "HealthKey record envelope v" + version), and segment {@code i} uses the nonce
 *       {@code prefix ‖ uint32(i) ‖ lastFlag}.</li>
 *   <li><b>Nonce misuse</b>: use a fresh {@link EnvelopeKey} per record version. Encrypting many envelopes under
 *       the same key by mistake is still safe: every envelope gets its own derived key (a repeated key and nonce
 *       needs a repeated 32-byte salt), so nonces never repeat under one AES key. Up to 2^32 envelopes per record
 *       key keep the chance of a repeated salt below 2^-192.</li>
 *   <li><b>Binding</b>: the header (version, segment size, salt, nonce prefix; in version 2 the patient's key and
 *       slot too) and the 32-byte {@link RecordId}
 *       are the associated data of every segment; the segment index and the last-segment flag are in every
 *       nonce. Decryption therefore fails, with {@link EnvelopeDecryptionException} (PROTO-0020), for a wrong key,
 *       a wrong record id, any flipped bit (header included: a patient slot swapped for another), a truncated
 *       envelope or segment, a missing last segment, bytes after the last segment, reordered, duplicated or
 *       dropped segments, and any version but 1 and 2 or segment size but 1 MiB.</li>
 *   <li><b>The patient's slot</b> (version 2) is ECIES (see {@link EciesKeyWrap}) of this envelope's record key,
 *       wrapped here, never taken from the caller: a version 2 envelope written by this class always opens for
 *       its patient's private key.</li>
 *   <li><b>Streaming</b>: the decrypting stream hands out no byte of a segment before that segment's tag
 *       verified. A reader that stops early has read an authentic prefix of the record, not the record: only a
 *       read that returned -1 proves that the whole record, its end included, is authentic.</li>
 *   <li><b>Limits</b>: 1 MiB (2^20-byte) plaintext segments, at most 2^32 segments, so at most 2^52 bytes (4 PiB)
 *       per record; the ciphertext is {@link EnvelopeVersion#ciphertextLength(long)} bytes: the header (41 bytes
 *       in version 1, 203 in version 2) + plaintext + 16 per segment.</li>
 *   <li><b>Memory</b> stays flat for any record size through the streams: each buffers at most one sealed
 *       segment (about 1 MiB), sealed or opened in place, growing as the record needs (from what its source says
 *       is available, or from the first write). The byte[] methods hold the whole record, as their signatures
 *       say.</li>
 *   <li><b>Not hidden</b>: the plaintext length, to the byte.</li>
 * </ul>
 */
public final class EnvelopeEncryptor {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int segmentSizeExponent;
    private final Consumer<byte[]> saltAndNoncePrefixSource;
    private final Supplier<Cipher> ciphers;
    private final KeyWrapper slotWrapper;

    /** An encryptor with 1 MiB segments, salts from {@link SecureRandom} and ECIES patient slots. */
    public EnvelopeEncryptor() {
        this(EnvelopeFormat.SEGMENT_SIZE_EXPONENT_V1, RANDOM::nextBytes, SegmentCipher::threadCipher,
                new EciesKeyWrap());
    }

    /**
     * Test seam, reached only through {@code InsecureEnvelopeEncryptors} in the test sources: a segment size other
     * than version 1's is rejected by every production reader, and a fixed salt source makes every envelope under
     * one key share its nonces (and so needs {@code ciphers} to give a new {@code Cipher} each time: the JDK refuses
     * to encrypt twice in a row under one key and nonce with one instance).
     *
     * @param ciphers where each segment's encryption or decryption takes its {@code Cipher}
     * @param slotWrapper wraps the record key into version 2's patient slot (a fixed one for known answers)
     */
    EnvelopeEncryptor(int segmentSizeExponent, Consumer<byte[]> saltAndNoncePrefixSource, Supplier<Cipher> ciphers,
            KeyWrapper slotWrapper) {
        if (segmentSizeExponent < EnvelopeFormat.MIN_TEST_SEGMENT_SIZE_EXPONENT
                || segmentSizeExponent > EnvelopeFormat.SEGMENT_SIZE_EXPONENT_V1) {
            throw new IllegalArgumentException("segment size exponent must be 4 to 20, got " + segmentSizeExponent);
        }
        this.segmentSizeExponent = segmentSizeExponent;
        this.saltAndNoncePrefixSource = Objects.requireNonNull(saltAndNoncePrefixSource);
        this.ciphers = Objects.requireNonNull(ciphers);
        this.slotWrapper = Objects.requireNonNull(slotWrapper);
    }

    /** The number of bytes of the version 1 envelope of {@code plaintextLength} bytes. */
    public static long ciphertextLength(long plaintextLength) {
        return EnvelopeVersion.V1.ciphertextLength(plaintextLength);
    }

    /**
     * Version 2: a stream that encrypts what is written to it into {@code ciphertextSink}, with the record key
     * wrapped for {@code patient} in the header; otherwise as {@link #encryptingStream(EnvelopeKey, RecordId,
     * OutputStream)}.
     */
    public OutputStream encryptingStream(EnvelopeKey key, RecordId id, EncryptionPublicKey patient,
            OutputStream ciphertextSink) {
        return encryptingStream(key, id, Optional.of(slotFor(key, patient)), ciphertextSink);
    }

    /** Version 2: as {@link #ciphertextOf(EnvelopeKey, RecordId, InputStream)}, with the slot for {@code patient}. */
    public InputStream ciphertextOf(EnvelopeKey key, RecordId id, EncryptionPublicKey patient, InputStream plaintext) {
        return ciphertextOf(key, id, Optional.of(slotFor(key, patient)), plaintext);
    }

    /** Version 2: as {@link #encrypt(EnvelopeKey, RecordId, byte[])}, with the slot for {@code patient}. */
    public byte[] encrypt(EnvelopeKey key, RecordId id, EncryptionPublicKey patient, byte[] plaintext) {
        return encrypt(key, id, Optional.of(slotFor(key, patient)), plaintext);
    }

    /**
     * A stream that encrypts what is written to it into {@code ciphertextSink}. Writes whole segments to the sink
     * as they fill; {@link OutputStream#close()} writes the last segment and closes the sink, so the envelope is
     * complete only after close. {@code flush()} flushes the sink but cannot emit a partial segment.
     */
    public OutputStream encryptingStream(EnvelopeKey key, RecordId id, OutputStream ciphertextSink) {
        return encryptingStream(key, id, Optional.empty(), ciphertextSink);
    }

    private OutputStream encryptingStream(EnvelopeKey key, RecordId id, Optional<PatientSlot> slot,
            OutputStream ciphertextSink) {
        Objects.requireNonNull(ciphertextSink, "ciphertextSink");
        byte[] header = newHeader(slot);
        return new EncryptingOutputStream(ciphertextSink, EnvelopeFormat.segmentCipher(Objects.requireNonNull(key,
                "key"), Objects.requireNonNull(id, "id"), header, ciphers), header, segmentSize());
    }

    /**
     * The envelope of {@code plaintext}, read lazily: e.g. to upload a record without holding it. Reads the
     * plaintext one segment (and one byte) ahead; closing the returned stream closes {@code plaintext}.
     */
    public InputStream ciphertextOf(EnvelopeKey key, RecordId id, InputStream plaintext) {
        return ciphertextOf(key, id, Optional.empty(), plaintext);
    }

    private InputStream ciphertextOf(EnvelopeKey key, RecordId id, Optional<PatientSlot> slot, InputStream plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] header = newHeader(slot);
        return new EncryptingInputStream(plaintext, EnvelopeFormat.segmentCipher(Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(id, "id"), header, ciphers), header, segmentSize());
    }

    /**
     * A stream of the plaintext of the envelope {@code ciphertext}. Reads the header at the first read. Its reads
     * throw {@link EnvelopeDecryptionException} (unchecked, PROTO-0020) when the envelope is not authentic for
     * {@code key} and {@code id}, and keep throwing it after; they throw {@link java.io.IOException} only for
     * failures of {@code ciphertext} itself. Closing it closes {@code ciphertext}.
     */
    public InputStream decryptingStream(EnvelopeKey key, RecordId id, InputStream ciphertext) {
        return new DecryptingInputStream(Objects.requireNonNull(ciphertext, "ciphertext"),
                Objects.requireNonNull(key, "key"), Objects.requireNonNull(id, "id"), segmentSizeExponent, ciphers);
    }

    /**
     * The envelope of a small record held in memory (at most about 2 GiB).
     *
     * @throws IllegalArgumentException if the envelope would not fit a Java array
     */
    public byte[] encrypt(EnvelopeKey key, RecordId id, byte[] plaintext) {
        return encrypt(key, id, Optional.empty(), plaintext);
    }

    private byte[] encrypt(EnvelopeKey key, RecordId id, Optional<PatientSlot> slot, byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        int headerLength = slot.isPresent() ? EnvelopeFormat.HEADER_LENGTH_V2 : EnvelopeFormat.HEADER_LENGTH;
        long length = EnvelopeFormat.ciphertextLength(plaintext.length, segmentSizeExponent, headerLength);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + plaintext.length + "-byte record is too large to encrypt in"
                    + " memory; use encryptingStream");
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        byte[] envelope = new byte[(int) length];
        EnvelopeFormat.writeHeader(envelope, segmentSizeExponent, newSaltAndNoncePrefix(), slot);
        SegmentCipher cipher = EnvelopeFormat.segmentCipher(key, id, envelope, ciphers);
        int segmentSize = segmentSize();
        long segments = EnvelopeFormat.segmentCount(plaintext.length, segmentSize);
        int in = 0;
        int out = headerLength;
        for (long i = 0; i < segments; i++) {
            int take = Math.min(segmentSize, plaintext.length - in);
            out += cipher.encrypt(i, i == segments - 1, plaintext, in, take, envelope, out);
            in += take;
        }
        return envelope;
    }

    /**
     * The plaintext of an envelope held in memory; returns nothing unless every segment is authentic.
     *
     * @throws EnvelopeDecryptionException (PROTO-0020) if the envelope is not authentic for {@code key} and
     *         {@code id}
     */
    public byte[] decrypt(EnvelopeKey key, RecordId id, byte[] envelope) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        int headerLength = EnvelopeFormat.checkHeader(envelope, envelope.length, segmentSizeExponent).headerLength();
        SegmentCipher cipher = EnvelopeFormat.segmentCipher(key, id, envelope, ciphers);
        int segmentSize = segmentSize();
        int sealedSegment = segmentSize + EnvelopeFormat.TAG_LENGTH;
        int body = envelope.length - headerLength;
        // Full sealed segments, then a last one of 16 to S + 16 bytes: as the stream reader splits them.
        long segments = body == 0 ? 1 : (body + (long) sealedSegment - 1) / sealedSegment;
        long lastLength = body - (segments - 1) * sealedSegment;
        if (lastLength < EnvelopeFormat.TAG_LENGTH) {
            throw new EnvelopeDecryptionException("record envelope truncated: its last segment has " + lastLength
                    + " bytes, fewer than its 16-byte tag");
        }
        byte[] plaintext = new byte[(int) (body - segments * EnvelopeFormat.TAG_LENGTH)];
        int in = headerLength;
        int out = 0;
        try {
            for (long i = 0; i < segments; i++) {
                int take = (int) Math.min(sealedSegment, envelope.length - in);
                out += cipher.decrypt(i, i == segments - 1, envelope, in, take, plaintext, out);
                in += take;
            }
        } catch (EnvelopeDecryptionException e) {
            Arrays.fill(plaintext, (byte) 0);
            throw e;
        }
        return plaintext;
    }

    private int segmentSize() {
        return EnvelopeFormat.segmentSize(segmentSizeExponent);
    }

    private byte[] newHeader(Optional<PatientSlot> slot) {
        return EnvelopeFormat.header(segmentSizeExponent, newSaltAndNoncePrefix(), slot);
    }

    private PatientSlot slotFor(EnvelopeKey key, EncryptionPublicKey patient) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(patient, "patient");
        return new PatientSlot(patient, slotWrapper.wrap(RecordKey.fromBytes(key.bytes()), patient));
    }

    /** 39 fresh bytes, salt then nonce prefix, in one call to the source. */
    private byte[] newSaltAndNoncePrefix() {
        byte[] saltAndNoncePrefix = new byte[EnvelopeFormat.SALT_LENGTH + EnvelopeFormat.NONCE_PREFIX_LENGTH];
        saltAndNoncePrefixSource.accept(saltAndNoncePrefix);
        return saltAndNoncePrefix;
    }
}
