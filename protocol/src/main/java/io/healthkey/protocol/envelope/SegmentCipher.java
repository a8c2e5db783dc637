package io.healthkey.protocol.envelope;

import io.healthkey.protocol.EnvelopeDecryptionException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts or decrypts the segments of one envelope with the JDK's AES/GCM/NoPadding: the derived key, the nonce
 * prefix and the associated data are fixed; each call names the segment index and whether it is the last.
 * Not thread-safe.
 */
final class SegmentCipher {

    /** A multiple of the AES block size. */
    static final int CHUNK = 64 * 1024;

    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[EnvelopeFormat.NONCE_LENGTH];
    private final byte[] associatedData;

    SegmentCipher(byte[] segmentKey, byte[] noncePrefix, byte[] associatedData) {
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding", e);
        }
        this.key = new SecretKeySpec(segmentKey, "AES");
        Arrays.fill(segmentKey, (byte) 0);
        System.arraycopy(noncePrefix, 0, nonce, 0, EnvelopeFormat.NONCE_PREFIX_LENGTH);
        this.associatedData = associatedData;
    }

    /**
     * Encrypts {@code length} bytes as segment {@code index}; writes {@code length + 16} bytes to {@code out}.
     * Feeds the JDK's GCM in {@link #CHUNK}-byte updates: on JDK 17 one call over more than about 800 KB falls off
     * the intrinsified GHASH path (about 95 MB/s instead of GB/s); the ciphertext is the same either way.
     */
    int encrypt(long index, boolean last, byte[] in, int offset, int length, byte[] out, int outOffset) {
        try {
            init(Cipher.ENCRYPT_MODE, index, last);
            int written = 0;
            for (; length > CHUNK; offset += CHUNK, length -= CHUNK) {
                written += cipher.update(in, offset, CHUNK, out, outOffset + written);
            }
            return written + cipher.doFinal(in, offset, length, out, outOffset + written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt segment " + index, e);
        }
    }

    /**
     * Authenticates and decrypts segment {@code index} ({@code length} bytes, tag included) into {@code out}.
     *
     * @return the plaintext length, {@code length - 16}
     * @throws EnvelopeDecryptionException if the tag does not verify; the bytes of {@code out} this call may have
     *         touched are zeroed then, so no unauthenticated plaintext is left behind
     */
    int decrypt(long index, boolean last, byte[] in, int offset, int length, byte[] out, int outOffset) {
        if (index >= EnvelopeFormat.MAX_SEGMENTS) {
            throw new EnvelopeDecryptionException("record envelope has more than 2^32 segments");
        }
        if (length < EnvelopeFormat.TAG_LENGTH) {
            throw new EnvelopeDecryptionException("record envelope truncated: segment " + index + " has " + length
                    + " bytes, fewer than its 16-byte tag");
        }
        try {
            init(Cipher.DECRYPT_MODE, index, last);
            return cipher.doFinal(in, offset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            Arrays.fill(out, outOffset, Math.min(out.length, outOffset + length - EnvelopeFormat.TAG_LENGTH), (byte) 0);
            throw new EnvelopeDecryptionException("record envelope segment " + index + (last ? " (last)" : "")
                    + " failed authentication: wrong key or record id, or altered, truncated, reordered or"
                    + " extended ciphertext");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to decrypt segment " + index, e);
        }
    }

    private void init(int mode, long index, boolean last) throws GeneralSecurityException {
        if (index < 0 || index >= EnvelopeFormat.MAX_SEGMENTS) {
            throw new IllegalStateException("segment index " + index + " does not fit 32 bits");
        }
        int at = EnvelopeFormat.NONCE_PREFIX_LENGTH;
        nonce[at] = (byte) (index >>> 24);
        nonce[at + 1] = (byte) (index >>> 16);
        nonce[at + 2] = (byte) (index >>> 8);
        nonce[at + 3] = (byte) index;
        nonce[at + 4] = (byte) (last ? 1 : 0);
        cipher.init(mode, key, new GCMParameterSpec(EnvelopeFormat.TAG_LENGTH * 8, nonce));
        cipher.updateAAD(associatedData);
    }
}
