package io.healthkey.backend.application.notification;

import io.healthkey.backend.domain.notification.DeliveryAttempt;
import io.healthkey.backend.domain.notification.WebhookEndpoint;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A signed-in patient's webhook endpoints; each call fails with REQUEST-0007 for anyone but the patient. */
public interface ManageWebhooksUseCase {

    /**
     * Registers {@code url} (checked by {@link WebhookAddressRules}, its host resolved) with a new random secret: the
     * returned endpoint is the only place the secret is ever shown.
     */
    Mono<WebhookEndpoint> register(EthAddress viewer, EthAddress patient, String url);

    Flux<WebhookEndpoint> endpoints(EthAddress viewer, EthAddress patient);

    /** Deletes the endpoint, its pending deliveries and its log; NOTIFY-0005 if the patient has no such endpoint. */
    Mono<Void> delete(EthAddress viewer, EthAddress patient, String endpointId);

    /** The endpoint's latest delivery attempts, newest first; NOTIFY-0005 if the patient has no such endpoint. */
    Flux<DeliveryAttempt> deliveryLog(EthAddress viewer, EthAddress patient, String endpointId);
}
