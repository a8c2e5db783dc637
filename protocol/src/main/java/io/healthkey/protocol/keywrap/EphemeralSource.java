package io.healthkey.protocol.keywrap;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Where {@link Ecies#encrypt} gets its per-message randomness. Package-private on purpose: the only production
 * source is {@link #secureRandom()}; tests replace it to make known-answer vectors, which nothing else may do.
 */
interface EphemeralSource {

    /** A scalar in [1, n − 1] of secp256k1, never used before. */
    BigInteger ephemeralScalar();

    /** {@link Ecies#NONCE_LENGTH} bytes for AES-256-GCM. */
    byte[] nonce();

    /** Draws like eciesjs: 32 random bytes, again until they are a valid scalar; then 16 random bytes. */
    static EphemeralSource secureRandom() {
        SecureRandom random = new SecureRandom();
        return new EphemeralSource() {
            @Override
            public BigInteger ephemeralScalar() {
                byte[] bytes = new byte[32];
                BigInteger scalar;
                do {
                    random.nextBytes(bytes);
                    scalar = new BigInteger(1, bytes);
                } while (scalar.signum() == 0 || scalar.compareTo(Ecies.ORDER) >= 0);
                return scalar;
            }

            @Override
            public byte[] nonce() {
                byte[] nonce = new byte[Ecies.NONCE_LENGTH];
                random.nextBytes(nonce);
                return nonce;
            }
        };
    }
}
