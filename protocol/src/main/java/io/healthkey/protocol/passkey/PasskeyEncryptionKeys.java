package io.healthkey.protocol.passkey;

import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.MalformedEncodingException;
import io.healthkey.protocol.Uint;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.web3j.crypto.Sign;

/**
 * The patient's encryption private key derived from a passkey, with the WebAuthn PRF extension: no seed phrase, and
 * the same passkey gives the same key on every device. docs/FORMAT.md, section "Encryption key from a passkey",
 * gives the steps:
 *
 * <pre>
 * PRF output  = the authenticator's hmac-secret for the PRF input {@link #prfInput()} (32 bytes)
 * okm         = HKDF-SHA256(IKM = PRF output, salt = {@link #HKDF_SALT},
 *                           info = {@link #INFO_LABEL} ‖ chainId (8, big-endian) ‖ account (20), L = 48)
 * private key = (OS2IP(okm) mod (n − 1)) + 1          n: the order of secp256k1 (FIPS 186-5, A.2.1)
 * </pre>
 *
 * <p>Security guarantees: the key is a deterministic function of the PRF output, the chain id and the account, so one
 * passkey gives one key per account and chain, and a PRF output for another relying party, account or chain gives an
 * unrelated key. The reduction of 48 uniform bytes lands in [1, n − 1] with no retry and a bias below 2^-128. The
 * PRF output is as secret as the key: it never appears in an exception message. Not provided: anyone who can make
 * the authenticator evaluate the PRF for this relying party (its user, after user verification) gets the key; a
 * passkey lost without a synced copy loses the key (the guardian recovery kit is the way back).
 */
public final class PasskeyEncryptionKeys {

    private static final byte[] PRF_INPUT = ascii("HealthKey encryption key v1");
    /** Length of a PRF output: one HMAC-SHA256. */
    public static final int PRF_OUTPUT_LENGTH = 32;

    static final byte[] HKDF_SALT = ascii("HealthKey passkey encryption key");
    static final byte[] INFO_LABEL = ascii("HealthKey secp256k1 key v1");
    static final int OKM_LENGTH = 48;

    private static final byte[] PRF_CONTEXT = ascii("WebAuthn PRF");
    private static final BigInteger ORDER_MINUS_ONE = Sign.CURVE_PARAMS.getN().subtract(BigInteger.ONE);
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private PasskeyEncryptionKeys() {
    }

    /** What the client asks the PRF for ({@code extensions.prf.eval.first}): the ASCII bytes of
     *  {@code "HealthKey encryption key v1"}. */
    public static byte[] prfInput() {
        return PRF_INPUT.clone();
    }

    /**
     * The encryption private key of {@code account} on chain {@code chainId} for this PRF output.
     *
     * @throws MalformedEncodingException unless {@code prfOutput} has 32 bytes
     * @throws InvalidValueException if the chain id is outside 1..2^53-1 or the account is the zero address
     */
    public static EncryptionPrivateKey derive(byte[] prfOutput, long chainId, EthAddress account) {
        Objects.requireNonNull(prfOutput, "prfOutput");
        Objects.requireNonNull(account, "account");
        if (prfOutput.length != PRF_OUTPUT_LENGTH) {
            throw new MalformedEncodingException("a PRF output must be 32 bytes, got " + prfOutput.length);
        }
        if (chainId < 1 || chainId > MAX_SAFE_INTEGER || account.isZero()) {
            throw new InvalidValueException("a key is derived for a chain id in 1..2^53-1 and a non-zero account");
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(prfOutput, HKDF_SALT, info(chainId, account)));
        byte[] okm = new byte[OKM_LENGTH];
        hkdf.generateBytes(okm, 0, OKM_LENGTH);
        byte[] scalar = Uint.toWord(new BigInteger(1, okm).mod(ORDER_MINUS_ONE).add(BigInteger.ONE), 256, "key");
        Arrays.fill(okm, (byte) 0);
        try {
            return EncryptionPrivateKey.fromBytes(scalar);
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
    }

    /**
     * The hmac-secret salt a WebAuthn client sends the authenticator for a PRF input:
     * {@code SHA-256("WebAuthn PRF" ‖ 0x00 ‖ input)} (WebAuthn Level 3, section 10.1.4). Authenticators, including
     * software ones in tests, evaluate {@code HMAC-SHA256(credential secret, salt)} on it.
     */
    public static byte[] hmacSecretSalt(byte[] prfInput) {
        Objects.requireNonNull(prfInput, "prfInput");
        SHA256Digest sha256 = new SHA256Digest();
        sha256.update(PRF_CONTEXT, 0, PRF_CONTEXT.length);
        sha256.update((byte) 0);
        sha256.update(prfInput, 0, prfInput.length);
        byte[] salt = new byte[sha256.getDigestSize()];
        sha256.doFinal(salt, 0);
        return salt;
    }

    static byte[] info(long chainId, EthAddress account) {
        return ByteBuffer.allocate(INFO_LABEL.length + 8 + 20).put(INFO_LABEL).putLong(chainId)
                .put(account.toBytes()).array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
