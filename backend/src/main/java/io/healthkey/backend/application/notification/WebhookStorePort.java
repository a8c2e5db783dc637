package io.healthkey.backend.application.notification;

import java.time.Instant;

import io.healthkey.backend.domain.notification.DeliveryAttempt;
import io.healthkey.backend.domain.notification.DeliveryStatus;
import io.healthkey.backend.domain.notification.WebhookDelivery;
import io.healthkey.backend.domain.notification.WebhookEndpoint;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Webhook endpoints, their deliveries (a durable queue) and the delivery log. */
public interface WebhookStorePort {

    Mono<Void> insert(WebhookEndpoint endpoint);

    Flux<WebhookEndpoint> endpoints(EthAddress patient);

    /** Deletes the patient's endpoint with its deliveries and log; false if the patient has none with that id. */
    Mono<Boolean> delete(EthAddress patient, String endpointId);

    /** PENDING deliveries due at {@code now}, oldest due first, at most {@code limit}. */
    Flux<WebhookDelivery> due(Instant now, int limit);

    /**
     * Takes {@code delivery} for one attempt, until {@code leaseUntil} (it is due again then, if this process dies
     * mid-attempt). False if another runner took it first, or it changed since it was read.
     */
    Mono<Boolean> claim(WebhookDelivery delivery, Instant leaseUntil);

    /** Logs {@code attempt} and moves its delivery to {@code status}, due again at {@code nextAttemptAt} if PENDING. */
    Mono<Void> record(DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt);

    /** The latest attempts at the endpoint, newest first. */
    Flux<DeliveryAttempt> attempts(String endpointId, int limit);
}
