package io.healthkey.protocol;

import java.math.BigInteger;

/** Range checks and 32-byte ABI words for Solidity unsigned integers. */
public final class Uint {

    private Uint() {
    }

    /** The largest value of a {@code uint<bits>}. */
    public static BigInteger max(int bits) {
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    /**
     * Returns {@code value} if it fits a {@code uint<bits>}.
     *
     * @throws InvalidValueException if it is null, negative or too large; the message names {@code what}
     */
    public static BigInteger require(BigInteger value, int bits, String what) {
        if (value == null) {
            throw new InvalidValueException(what + " is missing");
        }
        if (value.signum() < 0 || value.bitLength() > bits) {
            throw new InvalidValueException(what + " must fit uint" + bits + ", got " + value);
        }
        return value;
    }

    /** The 32-byte big-endian ABI word of a {@code uint<bits>}. */
    public static byte[] toWord(BigInteger value, int bits, String what) {
        require(value, bits, what);
        byte[] word = new byte[32];
        byte[] magnitude = value.toByteArray();
        int skip = magnitude.length > 32 ? magnitude.length - 32 : 0; // drop the sign byte of a 256-bit value
        System.arraycopy(magnitude, skip, word, 32 - (magnitude.length - skip), magnitude.length - skip);
        return word;
    }
}
