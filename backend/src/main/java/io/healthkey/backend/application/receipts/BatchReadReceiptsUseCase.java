package io.healthkey.backend.application.receipts;

import io.healthkey.backend.domain.receipt.ReceiptBatch;
import reactor.core.publisher.Mono;

/** Commits reads to the chain in batches: one step per call. */
public interface BatchReadReceiptsUseCase {

    /**
     * Publishes the oldest batch prepared but not published, if there is one; otherwise prepares a batch of the
     * reads in none and publishes it. Answers the batch published, or empty when there was nothing to do.
     */
    Mono<ReceiptBatch> batchOnce();
}
