package io.healthkey.protocol;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * The secp256k1 private key whose public half is a participant's {@link EncryptionPublicKey}: the key that unwraps
 * the record keys wrapped for that participant.
 *
 * <p>Guarantees: a scalar in [1, n − 1] (n the order of secp256k1), so its public key is a valid point and it is
 * accepted by eciesjs and eciespy. It never appears in {@link #toString()} nor in the message of an exception
 * thrown while reading it; {@link #equals} compares in constant time. It is held as an immutable
 * {@link BigInteger} and cannot be wiped from memory: keep its lifetime short.
 */
public final class EncryptionPrivateKey {

    /** Length of {@link #toBytes()}: a 256-bit big-endian scalar. */
    public static final int LENGTH = 32;

    private static final BigInteger ORDER = Sign.CURVE_PARAMS.getN();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BigInteger scalar;
    private final EncryptionPublicKey publicKey;

    private EncryptionPrivateKey(BigInteger scalar) {
        this.scalar = scalar;
        this.publicKey = EncryptionPublicKey.fromCompressed(Sign.publicPointFromPrivate(scalar).getEncoded(true));
    }

    /** A new key from a {@link SecureRandom}: 32 random bytes, drawn again until they are a valid scalar. */
    public static EncryptionPrivateKey generate() {
        byte[] bytes = new byte[LENGTH];
        BigInteger candidate;
        do {
            RANDOM.nextBytes(bytes);
            candidate = new BigInteger(1, bytes);
        } while (candidate.signum() == 0 || candidate.compareTo(ORDER) >= 0);
        return new EncryptionPrivateKey(candidate);
    }

    /**
     * Reads a 32-byte big-endian scalar, the form eciesjs ({@code PrivateKey.secret}) and Ethereum wallets use.
     *
     * @throws MalformedEncodingException unless {@code bytes} has 32 bytes
     * @throws InvalidValueException if the scalar is 0 or not below the curve order
     */
    public static EncryptionPrivateKey fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new MalformedEncodingException("private key must be 32 bytes, got " + bytes.length);
        }
        return ofScalar(new BigInteger(1, bytes));
    }

    /**
     * Parses {@code 0x} followed by 64 hex digits. The messages of the exceptions never echo the text.
     *
     * @throws MalformedEncodingException if the text is not {@code 0x} and 64 hex digits
     * @throws InvalidValueException if the scalar is 0 or not below the curve order
     */
    public static EncryptionPrivateKey parse(String hex) {
        if (hex == null || hex.length() != 2 + 2 * LENGTH || !hex.startsWith("0x")
                || !hex.chars().skip(2).allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new MalformedEncodingException("private key must be 0x followed by 64 hex digits (value not shown)");
        }
        return ofScalar(new BigInteger(hex.substring(2), 16));
    }

    /** The private key of a web3j key pair. */
    public static EncryptionPrivateKey of(ECKeyPair keyPair) {
        return ofScalar(keyPair.getPrivateKey());
    }

    private static EncryptionPrivateKey ofScalar(BigInteger scalar) {
        if (scalar.signum() <= 0 || scalar.compareTo(ORDER) >= 0) {
            throw new InvalidValueException("private key is not in [1, n - 1] of secp256k1 (value not shown)");
        }
        return new EncryptionPrivateKey(scalar);
    }

    /** The public key to publish so that record keys can be wrapped for this key. */
    public EncryptionPublicKey publicKey() {
        return publicKey;
    }

    /** A copy of the 32-byte big-endian scalar: secret, for handing to a key store or another library only. */
    public byte[] toBytes() {
        return Uint.toWord(scalar, 256, "private key");
    }

    /** Redacted: names the public key only. */
    @Override
    public String toString() {
        return "EncryptionPrivateKey[redacted, public key " + publicKey.toHex() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptionPrivateKey that && MessageDigest.isEqual(toBytes(), that.toBytes());
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }
}
