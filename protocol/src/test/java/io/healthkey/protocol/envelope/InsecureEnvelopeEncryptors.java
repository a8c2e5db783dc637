package io.healthkey.protocol.envelope;

import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.KeyWrapper;
import java.util.HexFormat;

/**
 * Test-only seam: encryptors with a fixed salt and nonce prefix (for known answers) or smaller segments (for fast
 * multi-segment tests). Never use these outside tests: a fixed salt repeats nonces under a reused key, and
 * production readers reject any segment size but version 1's.
 */
final class InsecureEnvelopeEncryptors {

    private InsecureEnvelopeEncryptors() {
    }

    /** Version 1 with every envelope's salt and nonce prefix set to {@code saltAndNoncePrefix} (39 bytes). */
    static EnvelopeEncryptor insecureFixedSalt(int segmentSizeExponent, byte[] saltAndNoncePrefix) {
        return insecureFixedSalt(segmentSizeExponent, saltAndNoncePrefix, new EciesKeyWrap());
    }

    /**
     * As {@link #insecureFixedSalt(int, byte[])}, and every version 2 patient slot is what {@code slotWrapper} gives:
     * a fixed one for known answers.
     */
    static EnvelopeEncryptor insecureFixedSalt(int segmentSizeExponent, byte[] saltAndNoncePrefix,
            KeyWrapper slotWrapper) {
        if (saltAndNoncePrefix.length != EnvelopeFormat.SALT_LENGTH + EnvelopeFormat.NONCE_PREFIX_LENGTH) {
            throw new IllegalArgumentException("salt and nonce prefix must be 39 bytes");
        }
        byte[] fixed = saltAndNoncePrefix.clone();
        // A new Cipher per segment: the JDK refuses a repeated key and nonce on one instance, which is what this does.
        return new EnvelopeEncryptor(segmentSizeExponent, out -> System.arraycopy(fixed, 0, out, 0, fixed.length),
                SegmentCipher::newCipher, slotWrapper);
    }

    static EnvelopeEncryptor insecureFixedSalt(int segmentSizeExponent, String saltAndNoncePrefixHex) {
        return insecureFixedSalt(segmentSizeExponent, HexFormat.of().parseHex(saltAndNoncePrefixHex));
    }

    /** Random salts, but segments of 2^{@code segmentSizeExponent} bytes, which only this seam reads back. */
    static EnvelopeEncryptor insecureSmallSegments(int segmentSizeExponent) {
        return new EnvelopeEncryptor(segmentSizeExponent, new java.security.SecureRandom()::nextBytes,
                SegmentCipher::threadCipher, new EciesKeyWrap());
    }
}
