package io.healthkey.backend.adapter.inbound.web;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;

import io.healthkey.backend.domain.notification.DeliveryAttempt;
import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.backend.domain.notification.WebhookEndpoint;

/** The JSON of the notification endpoints. */
final class NotificationDtos {

    private NotificationDtos() {
    }

    record WebhookRequest(@Schema(description = "https URL of a public host; http on loopback in the local profile "
            + "only", requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 2048) String url) {
    }

    record WebhookResponse(String id, String url,
            @Schema(description = ApiPatterns.INSTANT_UNIT) Instant createdAt) {

        static WebhookResponse of(WebhookEndpoint endpoint) {
            return new WebhookResponse(endpoint.id(), endpoint.url(), endpoint.createdAt());
        }
    }

    /** The answer to a registration: the only one that carries the secret. */
    record RegisteredWebhookResponse(String id, String url,
            @Schema(description = ApiPatterns.INSTANT_UNIT) Instant createdAt,
            @Schema(description = "The signing secret, whsec_ and base64 (Standard Webhooks): shown this once only")
            String secret) {

        static RegisteredWebhookResponse of(WebhookEndpoint endpoint) {
            return new RegisteredWebhookResponse(endpoint.id(), endpoint.url(), endpoint.createdAt(),
                    endpoint.secret().encoded());
        }
    }

    record DeliveryAttemptResponse(String deliveryId, String notificationId, int attempt,
            @Schema(description = "when the attempt ended: " + ApiPatterns.INSTANT_UNIT) Instant at,
            @Schema(description = "the HTTP status the endpoint answered; absent when it did not answer")
            Integer statusCode,
            @Schema(allowableValues = {"delivered", "rejected", "timeout", "unreachable", "refused-address"})
            String outcome) {

        static DeliveryAttemptResponse of(DeliveryAttempt attempt) {
            return new DeliveryAttemptResponse(attempt.deliveryId(), Long.toString(attempt.notificationId()),
                    attempt.attempt(), attempt.at(),
                    attempt.statusCode().isPresent() ? attempt.statusCode().getAsInt() : null, attempt.outcome());
        }
    }

    /** One notification, as the stream's data and the webhook's body carry it. */
    record NotificationFrame(String id,
            @Schema(description = "the stable type, e.g. consent.granted, emergency.window.opened") String type,
            @Schema(description = ApiPatterns.INSTANT_UNIT) Instant timestamp,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(description = "short identifier fields (addresses, ids, hashes); never health data nor keys")
            Map<String, String> data) {

        static NotificationFrame of(Notification notification) {
            return new NotificationFrame(Long.toString(notification.id()), notification.event().type().wireName(),
                    notification.at(), notification.patient().toString(), notification.event().data());
        }
    }
}
