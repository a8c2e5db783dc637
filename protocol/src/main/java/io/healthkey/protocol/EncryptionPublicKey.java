package io.healthkey.protocol;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;

/**
 * The secp256k1 public key a participant publishes in the {@code ParticipantDirectory} so that record keys can be
 * wrapped for it: a 33-byte compressed point.
 *
 * <p>Guarantees: 33 bytes, prefix 0x02 or 0x03 (what the contract checks) and, stricter than the contract, a
 * point on the curve that is not the point at infinity, so a key that nobody could use is never published.
 */
public final class EncryptionPublicKey {

    private final byte[] compressed;

    private EncryptionPublicKey(byte[] compressed) {
        this.compressed = compressed;
    }

    /** @throws InvalidValueException unless {@code compressed} is a valid compressed secp256k1 point */
    public static EncryptionPublicKey fromCompressed(byte[] compressed) {
        Objects.requireNonNull(compressed, "compressed");
        if (compressed.length != 33 || (compressed[0] != 0x02 && compressed[0] != 0x03)) {
            throw new InvalidValueException(
                    "encryption key must be 33 bytes starting with 0x02 or 0x03, got " + Hex.encode(compressed));
        }
        try {
            ECPoint point = Sign.CURVE_PARAMS.getCurve().decodePoint(compressed);
            if (point.isInfinity() || !point.isValid()) {
                throw new IllegalArgumentException("not a valid point");
            }
        } catch (IllegalArgumentException notOnCurve) {
            throw new InvalidValueException("encryption key is not a secp256k1 point: " + Hex.encode(compressed));
        }
        return new EncryptionPublicKey(compressed.clone());
    }

    /** Parses {@code 0x} followed by 66 hex digits; see {@link #fromCompressed}. */
    public static EncryptionPublicKey parse(String hex) {
        return fromCompressed(Hex.decode(hex, 33, "encryption public key"));
    }

    /** The public half of {@code keyPair}, compressed. */
    public static EncryptionPublicKey of(ECKeyPair keyPair) {
        return fromCompressed(Sign.publicPointFromPrivate(keyPair.getPrivateKey()).getEncoded(true));
    }

    /**
     * The Ethereum address of this key taken as an account key: keccak256 of the uncompressed point, last 20 bytes.
     * Names a key that belongs to no account (an emergency kit's key) as a reader of wrapped record keys.
     */
    public EthAddress address() {
        byte[] uncompressed = Sign.CURVE_PARAMS.getCurve().decodePoint(compressed).getEncoded(false);
        byte[] hash = Hash.sha3(Arrays.copyOfRange(uncompressed, 1, uncompressed.length));
        return EthAddress.fromBytes(Arrays.copyOfRange(hash, 12, 32));
    }

    /** A copy of the 33 bytes, as the contract stores them. */
    public byte[] toBytes() {
        return compressed.clone();
    }

    /** {@code 0x} followed by 66 lowercase hex digits. */
    public String toHex() {
        return Hex.encode(compressed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptionPublicKey that && Arrays.equals(compressed, that.compressed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(compressed);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
