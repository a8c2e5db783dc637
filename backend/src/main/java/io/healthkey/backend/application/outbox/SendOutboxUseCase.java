package io.healthkey.backend.application.outbox;

import reactor.core.publisher.Mono;

/**
 * Sends the outbox round after round. The caller runs one round at a time: a round is subscribed only once the one
 * before has ended.
 */
public interface SendOutboxUseCase {

    /**
     * One round when subscribed; emits whether anything moved (the caller may go again at once) or false while
     * another replica sends.
     */
    Mono<Boolean> tick();

    /** Gives the relayer's lease up when subscribed, so that another replica takes over at once. */
    Mono<Void> stop();
}
