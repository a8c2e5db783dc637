package io.healthkey.protocol.eip712;

import io.healthkey.protocol.Hex;
import io.healthkey.protocol.InvalidSignatureException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.web3j.crypto.Sign;

/**
 * A 65-byte secp256k1 signature {@code r ‖ s ‖ v}, as wallets return it and the contracts accept it.
 *
 * <p>Guarantees: exactly the signatures OpenZeppelin's {@code ECDSA.tryRecover} accepts in form: {@code v} is 27
 * or 28, {@code 1 <= r < n}, and {@code 1 <= s <= n/2} (low-s, so a signature cannot be altered into a second
 * valid one). Whether it recovers to a key, and to whose, is {@link SignatureVerifier}'s business.
 */
public final class EthSignature {

    /** The order n of the secp256k1 group. */
    static final BigInteger CURVE_ORDER = Sign.CURVE_PARAMS.getN();
    private static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);

    private final byte[] bytes;

    private EthSignature(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws InvalidSignatureException if the bytes are not a signature of the form above */
    public static EthSignature fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != 65) {
            throw new InvalidSignatureException("signature must be 65 bytes r|s|v, got " + bytes.length);
        }
        int v = bytes[64] & 0xff;
        if (v != 27 && v != 28) {
            throw new InvalidSignatureException("signature v must be 27 or 28, got " + v);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
        if (r.signum() == 0 || r.compareTo(CURVE_ORDER) >= 0) {
            throw new InvalidSignatureException("signature r is out of range");
        }
        if (s.signum() == 0) {
            throw new InvalidSignatureException("signature s is zero");
        }
        if (s.compareTo(HALF_CURVE_ORDER) > 0) {
            throw new InvalidSignatureException("signature s is in the upper half of the curve order (malleable)");
        }
        return new EthSignature(bytes.clone());
    }

    /** Parses {@code 0x} followed by 130 hex digits; see {@link #fromBytes}. */
    public static EthSignature parse(String hex) {
        return fromBytes(Hex.decode(hex, 65, "signature"));
    }

    static EthSignature of(BigInteger r, BigInteger s, int v) {
        byte[] bytes = new byte[65];
        System.arraycopy(word(r), 0, bytes, 0, 32);
        System.arraycopy(word(s), 0, bytes, 32, 32);
        bytes[64] = (byte) v;
        return fromBytes(bytes);
    }

    private static byte[] word(BigInteger value) {
        return io.healthkey.protocol.Uint.toWord(value, 256, "signature component");
    }

    public BigInteger r() {
        return new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
    }

    public BigInteger s() {
        return new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
    }

    /** 27 or 28. */
    public int v() {
        return bytes[64] & 0xff;
    }

    /** A copy of the 65 bytes {@code r ‖ s ‖ v}. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** {@code 0x} followed by 130 lowercase hex digits. */
    public String toHex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EthSignature that && Arrays.equals(bytes, that.bytes);
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
