package io.healthkey.protocol.keywrap;

import io.healthkey.protocol.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record key wrapped for one reader: the bytes {@code eciesjs.encrypt(readerPublicKey, recordKey)} would produce,
 * 129 bytes for a 32-byte record key (see {@link Ecies} for the layout). Not secret: it is stored beside the
 * record and anybody may read it.
 *
 * <p>Holds any bytes it is given: whether they open, and so their length, is checked by
 * {@link KeyUnwrapper#unwrap}, which refuses every malformed value with the one
 * {@link io.healthkey.protocol.DecryptionFailedException}.
 */
public final class WrappedKey {

    /** Length of a wrapped {@link RecordKey}: 65 + 16 + 16 + 32. */
    public static final int LENGTH = Ecies.OVERHEAD + RecordKey.LENGTH;

    private final byte[] bytes;

    private WrappedKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of {@code bytes}. */
    public static WrappedKey fromBytes(byte[] bytes) {
        return new WrappedKey(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /**
     * Parses {@code 0x}-prefixed hex.
     *
     * @throws io.healthkey.protocol.MalformedEncodingException if the prefix is missing or a digit is not hex
     */
    public static WrappedKey parse(String hex) {
        return new WrappedKey(Hex.decode(hex, "wrapped key"));
    }

    /** A copy of the bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** {@code 0x} followed by lowercase hex digits. */
    public String toHex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedKey that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
