package io.healthkey.backend.domain.notification;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The key one webhook endpoint's deliveries are signed with, in the Standard Webhooks form {@code whsec_<base64>}.
 * Shown to the patient once, when the endpoint is registered; {@link #toString()} never shows it, so it cannot end
 * up in a log by accident.
 */
public final class WebhookSecret {

    private static final String PREFIX = "whsec_";
    /** The HMAC-SHA256 block size's half: the key length the specification recommends (24 to 64 bytes). */
    private static final int LENGTH = 32;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key.clone();
    }

    public static WebhookSecret random(SecureRandom random) {
        byte[] key = new byte[LENGTH];
        random.nextBytes(key);
        return new WebhookSecret(key);
    }

    /** From its {@link #encoded()} form (the prefix optional, as Standard Webhooks libraries accept it). */
    public static WebhookSecret parse(String encoded) {
        String base64 = encoded.startsWith(PREFIX) ? encoded.substring(PREFIX.length()) : encoded;
        return new WebhookSecret(Base64.getDecoder().decode(base64));
    }

    /** {@code whsec_} and the key in base64: what the patient's receiver is configured with. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret secret && Arrays.equals(key, secret.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
