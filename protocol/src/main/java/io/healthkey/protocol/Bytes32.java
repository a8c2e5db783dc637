package io.healthkey.protocol;

import java.math.BigInteger;
import java.util.Arrays;

/** An immutable Solidity {@code bytes32}. Guarantees: exactly 32 bytes; never shares its array with callers. */
public final class Bytes32 {

    public static final Bytes32 ZERO = new Bytes32(new byte[32]);

    private final byte[] bytes;

    private Bytes32(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws MalformedEncodingException unless {@code bytes} has exactly 32 bytes */
    public static Bytes32 fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != 32) {
            throw new MalformedEncodingException(
                    "bytes32 must be 32 bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return new Bytes32(bytes.clone());
    }

    /** Parses {@code 0x} followed by 64 hex digits. */
    public static Bytes32 parse(String hex) {
        return new Bytes32(Hex.decode(hex, 32, "bytes32"));
    }

    /** The big-endian 32-byte form of {@code value}, as Solidity's {@code bytes32(uint256(value))}. */
    public static Bytes32 fromUint256(BigInteger value) {
        return new Bytes32(Uint.toWord(value, 256, "uint256"));
    }

    /** A copy of the 32 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The bytes read as an unsigned big-endian number, as Solidity's {@code uint256(value)}. */
    public BigInteger toUint256() {
        return new BigInteger(1, bytes);
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    /** {@code 0x} followed by 64 lowercase hex digits. */
    public String toHex() {
        return Hex.encode(bytes);
    }

    byte get(int index) {
        return bytes[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes32 that && Arrays.equals(bytes, that.bytes);
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
