package io.healthkey.backend.application.receipts;

import reactor.core.publisher.Mono;

/** The read log's id sequence: read ids are the leaves' ids on chain, so they must not be handed out twice. */
public interface ReadIdSequencePort {

    /** The highest id in the read log; 0 when it is empty. */
    Mono<Long> highestReadId();

    /** The next read logged gets id {@code nextId}, the ones after it the ids that follow. */
    Mono<Void> restartAt(long nextId);
}
