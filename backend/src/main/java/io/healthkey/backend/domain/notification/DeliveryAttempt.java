package io.healthkey.backend.domain.notification;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One attempt in a delivery log: when, the HTTP status if the endpoint answered, and a short fixed word for what
 * happened. Never the response body: a receiver's answer is its own business, and may echo what it was sent.
 *
 * @param outcome {@code delivered}, {@code rejected} (a non-2xx status), {@code timeout}, {@code unreachable},
 *        {@code refused-address} (the host resolved to an address webhooks may not reach)
 */
public record DeliveryAttempt(String deliveryId, long notificationId, String endpointId, int attempt, Instant at,
        OptionalInt statusCode, String outcome) {

    public DeliveryAttempt {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(outcome, "outcome");
    }
}
