package io.healthkey.protocol.envelope;

import io.healthkey.protocol.EnvelopeDecryptionException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts or decrypts the segments of one envelope with the JDK's AES/GCM/NoPadding: the derived key, the nonce
 * prefix and the associated data are fixed; each call names the segment index and whether it is the last.
 * Not thread-safe, but it may move between threads.
 *
 * <p>It holds no {@code Cipher}: each call takes one from its source, and {@code init}s it, feeds it and finishes it
 * before it returns, running no foreign code meanwhile. In production the source is {@link #threadCipher()}, one
 * {@code Cipher} per thread shared by every envelope that thread works on ({@code Cipher.getInstance} costs more
 * than sealing a kilobyte, and a {@code Cipher} is not thread-safe): a stream that moves to another thread uses that
 * thread's. A reused {@code Cipher} keeps the last segment key's schedule until its next {@code init}, as a
 * discarded one would until collected; it refuses, as the JDK does for one instance, to encrypt twice in a row
 * under the same key and nonce, which a random 32-byte salt per envelope never asks for.
 */
final class SegmentCipher {

    /** A multiple of the AES block size. */
    static final int CHUNK = 64 * 1024;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final ThreadLocal<Cipher> PER_THREAD = ThreadLocal.withInitial(SegmentCipher::newCipher);

    private final Supplier<Cipher> ciphers;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[EnvelopeFormat.NONCE_LENGTH];
    private final byte[] associatedData;

    /**
     * @param ciphers where each call takes its {@code Cipher}: {@link #threadCipher()}, or {@link #newCipher()}
     *        for the test seam whose fixed salts repeat keys and nonces on purpose
     * @param segmentKey zeroed once taken
     * @param header the envelope's header, at {@code header[0, 41)}: its nonce prefix is copied
     * @param associatedData the 73 bytes {@code header ‖ record id}, owned from now on
     */
    SegmentCipher(Supplier<Cipher> ciphers, byte[] segmentKey, byte[] header, byte[] associatedData) {
        this.ciphers = ciphers;
        this.key = new SecretKeySpec(segmentKey, "AES");
        Arrays.fill(segmentKey, (byte) 0);
        System.arraycopy(header, 2 + EnvelopeFormat.SALT_LENGTH, nonce, 0, EnvelopeFormat.NONCE_PREFIX_LENGTH);
        this.associatedData = associatedData;
    }

    /** A new {@code Cipher}. */
    static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + TRANSFORMATION, e);
        }
    }

    /** The calling thread's {@code Cipher}. */
    static Cipher threadCipher() {
        return PER_THREAD.get();
    }

    /**
     * Encrypts {@code length} bytes as segment {@code index}; writes {@code length + 16} bytes to {@code out}, which
     * may be {@code in} at the same offset (sealed in place).
     * Feeds the JDK's GCM in {@link #CHUNK}-byte updates: on JDK 17 one large call falls off the intrinsified GHASH
     * path and runs far slower (benchmarks/README.md, "AES-GCM on JDK 17"); the ciphertext is the same either way.
     */
    int encrypt(long index, boolean last, byte[] in, int offset, int length, byte[] out, int outOffset) {
        try {
            Cipher cipher = init(Cipher.ENCRYPT_MODE, index, last);
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
     * Authenticates and decrypts segment {@code index} ({@code length} bytes, tag included) into {@code out}, which
     * may be {@code in} at the same offset.
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
            return init(Cipher.DECRYPT_MODE, index, last).doFinal(in, offset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            Arrays.fill(out, outOffset, Math.min(out.length, outOffset + length - EnvelopeFormat.TAG_LENGTH), (byte) 0);
            throw new EnvelopeDecryptionException("record envelope segment " + index + (last ? " (last)" : "")
                    + " failed authentication: wrong key or record id, or altered, truncated, reordered or"
                    + " extended ciphertext");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to decrypt segment " + index, e);
        }
    }

    private Cipher init(int mode, long index, boolean last) throws GeneralSecurityException {
        if (index < 0 || index >= EnvelopeFormat.MAX_SEGMENTS) {
            throw new IllegalStateException("segment index " + index + " does not fit 32 bits");
        }
        int at = EnvelopeFormat.NONCE_PREFIX_LENGTH;
        nonce[at] = (byte) (index >>> 24);
        nonce[at + 1] = (byte) (index >>> 16);
        nonce[at + 2] = (byte) (index >>> 8);
        nonce[at + 3] = (byte) index;
        nonce[at + 4] = (byte) (last ? 1 : 0);
        Cipher cipher = ciphers.get();
        cipher.init(mode, key, new GCMParameterSpec(EnvelopeFormat.TAG_LENGTH * 8, nonce));
        cipher.updateAAD(associatedData);
        return cipher;
    }
}
