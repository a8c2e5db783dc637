package io.healthkey.backend.application.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.healthkey.backend.domain.notification.WebhookSecret;

/**
 * Signs a webhook delivery as the Standard Webhooks specification does: {@code webhook-signature} is {@code v1,} and
 * the base64 HMAC-SHA256, under the endpoint's secret, of {@code <webhook-id>.<webhook-timestamp>.<body>}.
 *
 * <p>Security guarantees: a receiver holding the secret knows the body is ours and unaltered, and (by checking the
 * timestamp against its clock and remembering ids) that it is not an old delivery replayed; the id and timestamp are
 * inside the MAC, so neither can be swapped. It does not hide the body: TLS does.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private WebhookSignature() {
    }

    /** The {@code webhook-signature} header's value for {@code body} sent as message {@code id} at {@code seconds}. */
    public static String sign(WebhookSecret secret, String id, long seconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update((id + "." + seconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }
}
