package io.healthkey.backend.application.receipts;

import reactor.core.publisher.Mono;

/** Keeps the read log's ids past those the chain's read receipt batches already cover. */
public interface AlignReadIdsUseCase {

    /**
     * Moves the read log's id sequence to the chain's next read id when the log is behind it (the database was lost
     * or restored from an older backup), so that every read logged from now on has an id the next batch can take.
     * Done once per process; later calls answer at once. Errors: {@code CHAIN-0001} when the chain cannot answer
     * (then nothing moved, and the next call tries again).
     */
    Mono<Void> align();
}
