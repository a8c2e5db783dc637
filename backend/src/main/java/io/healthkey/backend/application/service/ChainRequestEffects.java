package io.healthkey.backend.application.service;

import io.healthkey.backend.domain.chain.ChainRequest;
import reactor.core.publisher.Mono;

/**
 * What happens in this service's database once a request of one kind ends: the relay journal after a grant, the
 * keys dropped after a revocation, the record version marked anchored. Runs in the database transaction that
 * stores the request's new status, so it happens exactly once with it.
 */
public interface ChainRequestEffects {

    /** {@code request} is MINED, with its transaction. */
    Mono<Void> onMined(ChainRequest request);

    /** {@code request} FAILED, with its code: undo what accepting it stored. */
    Mono<Void> onFailed(ChainRequest request);

    /** For kinds that need nothing. */
    ChainRequestEffects NONE = new ChainRequestEffects() {
        @Override
        public Mono<Void> onMined(ChainRequest request) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> onFailed(ChainRequest request) {
            return Mono.empty();
        }
    };
}
