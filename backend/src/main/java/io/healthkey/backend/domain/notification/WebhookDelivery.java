package io.healthkey.backend.domain.notification;

import java.time.Instant;

/**
 * One notification to deliver to one endpoint: durable, so that a restart resumes it.
 *
 * @param attempts how many attempts were made so far
 * @param nextAttemptAt when it is due again; while an attempt runs, the end of that attempt's lease
 */
public record WebhookDelivery(String id, WebhookEndpoint endpoint, Notification notification, int attempts,
        Instant nextAttemptAt, DeliveryStatus status) {
}
