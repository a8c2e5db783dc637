package io.healthkey.backend.application.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.notification.WebhookSecret;

class WebhookSignatureTest {

    /** The test vector the Standard Webhooks reference libraries (Svix's among them) all check. */
    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void reproducesTheStandardWebhooksTestVector() {
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void everyFlippedBodyByteChangesTheSignature() {
        for (int i = 0; i < BODY.length; i++) {
            byte[] altered = BODY.clone();
            altered[i] ^= 1;
            assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, altered)).as("byte %d", i).isNotEqualTo(EXPECTED);
        }
    }

    @Test
    void theIdTimestampAndSecretAreSignedToo() {
        assertThat(WebhookSignature.sign(SECRET, ID + "x", TIMESTAMP, BODY)).isNotEqualTo(EXPECTED);
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP + 1, BODY)).isNotEqualTo(EXPECTED);
        assertThat(WebhookSignature.sign(WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx"), ID, TIMESTAMP,
                BODY)).isNotEqualTo(EXPECTED);
        byte[] truncated = java.util.Arrays.copyOf(BODY, BODY.length - 1);
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, truncated)).isNotEqualTo(EXPECTED);
    }

    @Test
    void aSecretNeverShowsInItsToString() {
        assertThat(SECRET.toString()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").contains("redacted");
        assertThat(SECRET.encoded()).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }
}
