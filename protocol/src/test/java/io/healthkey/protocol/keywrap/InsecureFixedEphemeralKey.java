package io.healthkey.protocol.keywrap;

import java.math.BigInteger;

/**
 * INSECURE, tests only: hands {@link Ecies} the same ephemeral key and nonce on every call, which in production
 * would reveal the XOR of plaintexts and let GCM forgeries through. Exists to reproduce known-answer vectors.
 */
final class InsecureFixedEphemeralKey implements EphemeralSource {

    private final BigInteger scalar;
    private final byte[] nonce;

    InsecureFixedEphemeralKey(byte[] ephemeralPrivateKey, byte[] nonce) {
        this.scalar = new BigInteger(1, ephemeralPrivateKey);
        this.nonce = nonce.clone();
    }

    /** An {@link Ecies} that always uses this ephemeral key and nonce. */
    static Ecies ecies(byte[] ephemeralPrivateKey, byte[] nonce) {
        return new Ecies(new InsecureFixedEphemeralKey(ephemeralPrivateKey, nonce));
    }

    @Override
    public BigInteger ephemeralScalar() {
        return scalar;
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }
}
