package io.healthkey.backend.application.receipts;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.receipt.RootPublication;
import io.healthkey.protocol.Bytes32;
import reactor.core.publisher.Mono;

/**
 * The on-chain side of read receipts ({@code ReadReceiptRoots}). Reads go to the chain; the publishing call goes out
 * through the transaction outbox like every other on-chain intent.
 */
public interface ReadReceiptRootsPort {

    /** How many batches the chain holds; also the number of the last one (0: none). */
    Mono<Long> batchCount();

    /** The read id the chain's next batch must start at: 1, then the last batch's last read id + 1. */
    Mono<Long> nextReadId();

    /** The root the chain holds for {@code batch}; {@code RECEIPT-0004} if there is none. */
    Mono<Bytes32> rootOf(long batch);

    /** The call that publishes {@code batch}'s root, for the transaction outbox to send. */
    ChainCall publishCall(ReceiptBatch batch);

    /** The transaction that published {@code batch}, from the contract's event; empty if none is found. */
    Mono<RootPublication> publicationOf(long batch);
}
