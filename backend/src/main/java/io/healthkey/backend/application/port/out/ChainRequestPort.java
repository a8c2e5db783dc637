package io.healthkey.backend.application.port.out;

import io.healthkey.backend.domain.chain.ChainRequest;
import reactor.core.publisher.Mono;

/** On-chain requests and their state, so clients can follow them by id. */
public interface ChainRequestPort {

    /** Inserts the request, or replaces the stored one with the same id. */
    Mono<Void> save(ChainRequest request);

    Mono<ChainRequest> find(String id);
}
