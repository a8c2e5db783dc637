package io.healthkey.backend.domain.notification;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.EthAddress;

/**
 * A URL a patient registered to be POSTed each of their notifications, signed with {@code secret}.
 *
 * @param id random, in URLs: {@code /patients/{patient}/webhooks/{id}}
 */
public record WebhookEndpoint(String id, EthAddress patient, String url, WebhookSecret secret, Instant createdAt) {

    public WebhookEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
