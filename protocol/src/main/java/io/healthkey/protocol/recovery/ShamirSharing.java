package io.healthkey.protocol.recovery;

import com.codahale.shamir.Scheme;
import io.healthkey.protocol.InvalidValueException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shamir's secret sharing over GF(2^8), in the share format of the npm package {@code shamir-secret-sharing} 0.0.4
 * (Privy's): a share is the secret's length of y bytes followed by one x byte in [1, 255].
 *
 * <p>The arithmetic is Coda Hale's {@code com.codahale:shamir} 0.7.0; both libraries use the AES field
 * (x^8 + x^4 + x^3 + x + 1) and Lagrange interpolation at zero, so only the layout differs: codahale keys each
 * share by its x in a map, the npm package appends x to the y bytes. {@code ShamirVectorsTest} proves byte for byte
 * that both split the same secret with the same coefficients into the same shares.
 *
 * <p>Security guarantees: fewer than {@code threshold} shares reveal nothing about the secret (information
 * theoretic, given uniformly random coefficients from a {@link SecureRandom}). Not provided: integrity. Combining
 * a corrupted share, too few shares or shares of different splits returns wrong bytes without an error, so the
 * secret must be checked afterwards ({@link RecoveryKits} does, with AES-GCM and the patient's public key).
 */
public final class ShamirSharing {

    /** Most shares one split may have: the non-zero x values of GF(2^8). */
    public static final int MAX_SHARES = 255;

    /** Joins only: codahale's join reads neither n, k nor the random source. */
    private static final Scheme JOINER = new Scheme(new SecureRandom(), MAX_SHARES, 2);

    private final SecureRandom random;

    /** Draws coefficients from a new {@link SecureRandom}. */
    public ShamirSharing() {
        this(new SecureRandom());
    }

    /** The seam for known-answer vectors: codahale draws each byte's polynomial with one {@code nextBytes} call. */
    ShamirSharing(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Splits {@code secret} into {@code shares} shares, any {@code threshold} of which rebuild it; the shares have
     * x = 1, 2, ..., {@code shares}, in that order.
     *
     * @throws InvalidValueException unless 2 <= threshold <= shares <= 255 and the secret is not empty
     */
    public List<byte[]> split(byte[] secret, int threshold, int shares) {
        Objects.requireNonNull(secret, "secret");
        if (threshold < 2 || shares < threshold || shares > MAX_SHARES || secret.length == 0) {
            throw new InvalidValueException("a split needs 2 <= threshold <= shares <= 255 and a non-empty secret, got "
                    + threshold + " of " + shares);
        }
        Map<Integer, byte[]> parts = new Scheme(random, shares, threshold).split(secret);
        List<byte[]> result = new ArrayList<>(shares);
        for (int x = 1; x <= shares; x++) {
            byte[] y = parts.get(x);
            byte[] share = new byte[y.length + 1];
            System.arraycopy(y, 0, share, 0, y.length);
            share[y.length] = (byte) x;
            result.add(share);
        }
        return result;
    }

    /**
     * Interpolates the secret from shares in the npm layout. Whether they are enough and genuine is not known
     * here: see the class comment.
     *
     * @throws InvalidValueException if there are fewer than 2 or more than 255 shares, shares of different or
     *                               too short lengths, an x of zero, or two shares with the same x
     */
    public static byte[] combine(List<byte[]> shares) {
        Objects.requireNonNull(shares, "shares");
        if (shares.size() < 2 || shares.size() > MAX_SHARES) {
            throw new InvalidValueException("combining needs 2 to 255 shares, got " + shares.size());
        }
        int length = shares.get(0).length;
        Map<Integer, byte[]> parts = new HashMap<>();
        for (byte[] share : shares) {
            if (share.length != length || length < 2) {
                throw new InvalidValueException("shares must all have the same length of at least 2 bytes");
            }
            int x = share[length - 1] & 0xff;
            if (x == 0 || parts.put(x, Arrays.copyOf(share, length - 1)) != null) {
                throw new InvalidValueException("shares must have distinct, non-zero x bytes");
            }
        }
        return JOINER.join(parts);
    }
}
