package io.healthkey.backend.application.notification;

import reactor.core.publisher.Mono;

/** Starts the webhook deliveries that are due. */
public interface DeliverWebhooksUseCase {

    /**
     * Claims due deliveries, as many as there is room for under way, and starts them; completes once they are
     * started, not once they end, so that a slow endpoint holds up no other delivery. Emits how many it started.
     */
    Mono<Integer> startDue();
}
