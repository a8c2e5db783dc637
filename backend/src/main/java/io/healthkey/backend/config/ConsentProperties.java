package io.healthkey.backend.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.healthkey.backend.domain.consent.SignatureDeadlines;

/**
 * Patients' consent signatures.
 *
 * @param maxSignatureLifetime the furthest ahead a grant's, revocation's or nonce cancellation's deadline may be when
 *     this service serves its typed data or relays it; further answers {@code 422 CONSENT-0010}
 */
@ConfigurationProperties("healthkey.consent")
public record ConsentProperties(@DefaultValue("30d") Duration maxSignatureLifetime) {

    SignatureDeadlines deadlines() {
        return new SignatureDeadlines(maxSignatureLifetime);
    }
}
