package io.healthkey.protocol.passkey;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * INSECURE, tests only: a passkey's PRF as a WebAuthn client and a CTAP2 authenticator evaluate it together. The
 * client turns the PRF input into the hmac-secret salt ({@link PasskeyEncryptionKeys#hmacSecretSalt}); the
 * authenticator answers {@code HMAC-SHA256(credRandom, salt)} with the credential's secret, as Chromium's virtual
 * authenticator does. Public for the backend's integration tests (through the protocol's test jar).
 */
public final class SoftwarePrfAuthenticator {

    private final byte[] credentialSecret;

    /** A credential with this 32-byte secret (its {@code CredRandom}). */
    public SoftwarePrfAuthenticator(byte[] credentialSecret) {
        this.credentialSecret = credentialSecret.clone();
    }

    /** A new credential with a random secret: a passkey that syncs to every device of its user. */
    public static SoftwarePrfAuthenticator newPasskey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new SoftwarePrfAuthenticator(secret);
    }

    /** The PRF output ({@code clientExtensionResults.prf.results.first}) for {@code prfInput}. */
    public byte[] evaluate(byte[] prfInput) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(credentialSecret, "HmacSHA256"));
            return hmac.doFinal(PasskeyEncryptionKeys.hmacSecretSalt(prfInput));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
