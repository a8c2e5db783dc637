package io.healthkey.protocol.envelope;

import io.healthkey.protocol.MalformedEncodingException;
import java.security.SecureRandom;

/**
 * The secret key of one record version: 32 random bytes, the input key material of the record envelope.
 *
 * <p>Guarantees: exactly 32 bytes; never shares its array with callers; {@link #toString()} never shows the bytes.
 * Equality is identity: compare keys through {@link #toBytes()} with a constant-time comparison if you must.
 */
public final class EnvelopeKey {

    /** The length of a key in bytes. */
    public static final int LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private EnvelopeKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh key from {@link SecureRandom}: use one per record version. */
    public static EnvelopeKey generate() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new EnvelopeKey(bytes);
    }

    /**
     * A key from its 32 bytes, e.g. after unwrapping it.
     *
     * @throws MalformedEncodingException unless {@code bytes} has exactly 32 bytes
     */
    public static EnvelopeKey fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new MalformedEncodingException(
                    "an envelope key must be 32 bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return new EnvelopeKey(bytes.clone());
    }

    /** A copy of the 32 secret bytes, e.g. to wrap them for a recipient. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "EnvelopeKey[redacted]";
    }
}
