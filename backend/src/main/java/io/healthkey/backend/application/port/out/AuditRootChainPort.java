package io.healthkey.backend.application.port.out;

import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.receipt.RootPublication;
import io.healthkey.protocol.Bytes32;
import reactor.core.publisher.Mono;

/**
 * The on-chain side of read receipts ({@code ReadReceiptRoots}). Sends go through the relay today; the port is the
 * seam where a transaction outbox can take them over without the batcher noticing.
 */
public interface AuditRootChainPort {

    /** How many batches the chain holds; also the number of the last one (0: none). */
    Mono<Long> batchCount();

    /** The root the chain holds for {@code batch}; {@code RECEIPT-0004} if there is none. */
    Mono<Bytes32> rootOf(long batch);

    /** Publishes {@code batch}'s root and answers once mined; {@code RECEIPT-0001} if it is not the chain's next. */
    Mono<RootPublication> publish(ReceiptBatch batch);

    /** The transaction that published {@code batch}, from the contract's event; empty if none is found. */
    Mono<RootPublication> publicationOf(long batch);
}
