package io.healthkey.protocol.keywrap;

import io.healthkey.protocol.MalformedEncodingException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The AES-256 key that encrypts one version of one record: 32 bytes, fresh for every version.
 *
 * <p>Guarantees: exactly 32 bytes; {@link #generate()} draws them from a {@link SecureRandom}. The bytes never
 * appear in {@link #toString()} nor in exception messages; {@link #equals} compares in constant time.
 */
public final class RecordKey {

    /** Length of a record key in bytes (AES-256). */
    public static final int LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private RecordKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A new random key. */
    public static RecordKey generate() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new RecordKey(bytes);
    }

    /** @throws MalformedEncodingException unless {@code bytes} has 32 bytes (the message does not echo them) */
    public static RecordKey fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new MalformedEncodingException("record key must be 32 bytes, got " + bytes.length);
        }
        return new RecordKey(bytes.clone());
    }

    /** A copy of the 32 secret bytes, for the cipher that encrypts the record. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Redacted. */
    @Override
    public String toString() {
        return "RecordKey[redacted]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordKey that && MessageDigest.isEqual(bytes, that.bytes);
    }

    /** Constant: a hash of the bytes would leak some of them to whoever sees the hash table. */
    @Override
    public int hashCode() {
        return RecordKey.class.hashCode();
    }
}
