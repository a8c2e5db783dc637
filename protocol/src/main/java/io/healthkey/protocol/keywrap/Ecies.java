package io.healthkey.protocol.keywrap;

import io.healthkey.protocol.DecryptionFailedException;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.web3j.crypto.Sign;

/**
 * ECIES over secp256k1 in the format of eciesjs 0.5.0 {@code encrypt}/{@code decrypt} (and eciespy) with their
 * default configuration ({@code ellipticCurve = "secp256k1"}, {@code isEphemeralKeyCompressed = false},
 * {@code isHkdfKeyCompressed = false}, {@code symmetricAlgorithm = "aes-256-gcm"},
 * {@code symmetricNonceLength = 16}):
 *
 * <pre>
 * payload = E (65: 0x04 ‖ x ‖ y, the ephemeral public key k·G)
 *         ‖ nonce (16) ‖ tag (16) ‖ AES-256-GCM ciphertext (as long as the plaintext)
 * key     = HKDF-SHA256(ikm = E ‖ S, salt = none, info = none, length = 32), S = k·R uncompressed (65)
 * </pre>
 *
 * where R is the recipient's public key. GCM uses the 16-byte nonce as its IV (so J0 = GHASH(nonce)), no
 * associated data, and a 128-bit tag.
 *
 * <p>Security guarantees: IND-CCA2 (confidentiality and integrity of the plaintext) under the gap-Diffie-Hellman
 * assumption on secp256k1, with HKDF-SHA256 as key derivation and AES-256-GCM as authenticated cipher; a fresh
 * ephemeral key and a fresh nonce for every message; the ephemeral key enters the key derivation, so the payload
 * is not malleable. {@link #decrypt} accepts only an uncompressed ephemeral key (prefix 0x04, coordinates below p,
 * on the curve) and throws the same {@link DecryptionFailedException} for every failure. Not provided by the
 * format: associated data (nothing binds a payload to a record id or context; bind it in the envelope around it),
 * sender authentication, forward secrecy for the recipient's key, hiding of the plaintext length. The scalar
 * multiplication of BouncyCastle is not hardened against local timing side channels. Thread-safe.
 */
public final class Ecies {

    /** Length of the uncompressed ephemeral public key at the start of a payload. */
    public static final int EPHEMERAL_KEY_LENGTH = 65;
    /** Length of the AES-256-GCM nonce (eciesjs's {@code symmetricNonceLength} default). */
    public static final int NONCE_LENGTH = 16;
    /** Length of the GCM tag, which comes before the ciphertext. */
    public static final int TAG_LENGTH = 16;
    /** Bytes a payload has beyond its plaintext: 97. */
    public static final int OVERHEAD = EPHEMERAL_KEY_LENGTH + NONCE_LENGTH + TAG_LENGTH;

    static final BigInteger ORDER = Sign.CURVE_PARAMS.getN();
    private static final ECCurve CURVE = Sign.CURVE_PARAMS.getCurve();
    private static final ECPoint G = Sign.CURVE_PARAMS.getG();
    private static final int KEY_LENGTH = 32;

    private final EphemeralSource source;

    /** Draws ephemeral keys and nonces from a {@link java.security.SecureRandom}. */
    public Ecies() {
        this(EphemeralSource.secureRandom());
    }

    Ecies(EphemeralSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Encrypts {@code plaintext} for {@code recipient}: what {@code eciesjs.encrypt(recipient, plaintext)} does. */
    public byte[] encrypt(EncryptionPublicKey recipient, byte[] plaintext) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(plaintext, "plaintext");
        BigInteger k = source.ephemeralScalar();
        if (k.signum() <= 0 || k.compareTo(ORDER) >= 0) {
            throw new IllegalStateException("ephemeral scalar out of range");
        }
        byte[] nonce = source.nonce();
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalStateException("nonce must be " + NONCE_LENGTH + " bytes");
        }
        byte[] ephemeral = G.multiply(k).normalize().getEncoded(false);
        ECPoint recipientPoint = CURVE.decodePoint(recipient.toBytes());
        byte[] key = deriveKey(ephemeral, recipientPoint.multiply(k).normalize().getEncoded(false));
        byte[] sealed = aesGcm(Cipher.ENCRYPT_MODE, key, nonce, plaintext, 0, plaintext.length); // ciphertext ‖ tag
        int ciphertextLength = sealed.length - TAG_LENGTH;

        byte[] payload = new byte[OVERHEAD + ciphertextLength];
        System.arraycopy(ephemeral, 0, payload, 0, EPHEMERAL_KEY_LENGTH);
        System.arraycopy(nonce, 0, payload, EPHEMERAL_KEY_LENGTH, NONCE_LENGTH);
        System.arraycopy(sealed, ciphertextLength, payload, EPHEMERAL_KEY_LENGTH + NONCE_LENGTH, TAG_LENGTH);
        System.arraycopy(sealed, 0, payload, OVERHEAD, ciphertextLength);
        return payload;
    }

    /**
     * Decrypts a payload made by {@link #encrypt} or by eciesjs / eciespy with their defaults.
     *
     * @throws DecryptionFailedException if the payload does not open with {@code recipientKey}, for any reason
     */
    public byte[] decrypt(EncryptionPrivateKey recipientKey, byte[] payload) {
        Objects.requireNonNull(recipientKey, "recipientKey");
        Objects.requireNonNull(payload, "payload");
        if (payload.length < OVERHEAD) {
            throw new DecryptionFailedException();
        }
        byte[] ephemeral = Arrays.copyOfRange(payload, 0, EPHEMERAL_KEY_LENGTH);
        ECPoint ephemeralPoint = uncompressedPoint(ephemeral);
        BigInteger d = new BigInteger(1, recipientKey.toBytes());
        ECPoint shared = ephemeralPoint.multiply(d).normalize();
        if (shared.isInfinity()) { // impossible for a valid point on a prime-order curve; checked all the same
            throw new DecryptionFailedException();
        }
        byte[] key = deriveKey(ephemeral, shared.getEncoded(false));

        // JCE wants ciphertext ‖ tag; the payload has nonce ‖ tag ‖ ciphertext.
        byte[] nonce = Arrays.copyOfRange(payload, EPHEMERAL_KEY_LENGTH, EPHEMERAL_KEY_LENGTH + NONCE_LENGTH);
        int ciphertextLength = payload.length - OVERHEAD;
        byte[] sealed = new byte[ciphertextLength + TAG_LENGTH];
        System.arraycopy(payload, OVERHEAD, sealed, 0, ciphertextLength);
        System.arraycopy(payload, EPHEMERAL_KEY_LENGTH + NONCE_LENGTH, sealed, ciphertextLength, TAG_LENGTH);
        return aesGcm(Cipher.DECRYPT_MODE, key, nonce, sealed, 0, sealed.length);
    }

    /** The point of a 65-byte uncompressed encoding; refuses the hybrid (0x06, 0x07) and compressed prefixes. */
    private static ECPoint uncompressedPoint(byte[] encoded) {
        if (encoded[0] != 0x04) {
            throw new DecryptionFailedException();
        }
        try {
            ECPoint point = CURVE.decodePoint(encoded); // checks x, y < p and the curve equation
            if (point.isInfinity() || !point.isValid()) {
                throw new DecryptionFailedException();
            }
            return point;
        } catch (IllegalArgumentException | ArithmeticException notAPoint) {
            throw new DecryptionFailedException();
        }
    }

    /** HKDF-SHA256 with no salt (so HashLen zero bytes) and no info, as eciesjs's {@code getSharedKey}. */
    static byte[] deriveKey(byte[] ephemeralUncompressed, byte[] sharedUncompressed) {
        byte[] ikm = new byte[ephemeralUncompressed.length + sharedUncompressed.length];
        System.arraycopy(ephemeralUncompressed, 0, ikm, 0, ephemeralUncompressed.length);
        System.arraycopy(sharedUncompressed, 0, ikm, ephemeralUncompressed.length, sharedUncompressed.length);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, null, null));
        byte[] key = new byte[KEY_LENGTH];
        hkdf.generateBytes(key, 0, KEY_LENGTH);
        return key;
    }

    private static byte[] aesGcm(int mode, byte[] key, byte[] nonce, byte[] input, int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            return cipher.doFinal(input, offset, length);
        } catch (javax.crypto.AEADBadTagException forged) {
            throw new DecryptionFailedException();
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available in this JVM", unavailable);
        }
    }
}
