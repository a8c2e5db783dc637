package io.healthkey.protocol.envelope;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) on the JDK's HMAC. Thread-safe: each thread keeps one {@code Mac} of its own (a
 * {@code Mac} is not thread-safe, and {@code Mac.getInstance} costs more than an HMAC of a few bytes). Between
 * calls that {@code Mac} holds the HMAC pads of the last pseudorandom key until its next use, as a discarded one
 * would until collected.
 */
final class Hkdf {

    static final int HASH_LENGTH = 32;
    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(Hkdf::newHmac);

    private Hkdf() {
    }

    /** HKDF-SHA256 of {@code length} bytes, 1 to 8160. */
    static byte[] sha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 1 to 8160 bytes, got " + length);
        }
        Mac mac = HMAC.get();
        try {
            initWithPseudoRandomKey(mac, inputKeyMaterial, salt, 0, salt.length);
            byte[] output = new byte[length];
            byte[] block = new byte[0];
            for (int counter = 1, done = 0; done < length; counter++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) counter);
                block = mac.doFinal();
                int take = Math.min(HASH_LENGTH, length - done);
                System.arraycopy(block, 0, output, done, take);
                done += take;
            }
            Arrays.fill(block, (byte) 0);
            return output;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 failed", e);
        }
    }

    /**
     * HKDF-SHA256 with L = 32, the hash length: the salt is {@code salt[saltOffset, saltOffset + saltLength)}, and
     * the expansion is its one block, {@code T(1) = HMAC(PRK, info ‖ 0x01)}. The same bytes as
     * {@code sha256(ikm, salt, info, 32)}, with two HMACs and no copy of the salt.
     */
    static byte[] sha256Block(byte[] inputKeyMaterial, byte[] salt, int saltOffset, int saltLength, byte[] info) {
        Mac mac = HMAC.get();
        try {
            initWithPseudoRandomKey(mac, inputKeyMaterial, salt, saltOffset, saltLength);
            mac.update(info);
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 failed", e);
        }
    }

    /** HKDF-Extract: keys {@code mac} with {@code PRK = HMAC(salt, IKM)}; an empty salt is 32 zero bytes. */
    private static void initWithPseudoRandomKey(Mac mac, byte[] inputKeyMaterial, byte[] salt, int saltOffset,
            int saltLength) throws GeneralSecurityException {
        mac.init(saltLength == 0
                ? new SecretKeySpec(new byte[HASH_LENGTH], HMAC_SHA256)
                : new SecretKeySpec(salt, saltOffset, saltLength, HMAC_SHA256));
        byte[] pseudoRandomKey = mac.doFinal(inputKeyMaterial);
        mac.init(new SecretKeySpec(pseudoRandomKey, HMAC_SHA256));
        Arrays.fill(pseudoRandomKey, (byte) 0);
    }

    private static Mac newHmac() {
        try {
            return Mac.getInstance(HMAC_SHA256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
