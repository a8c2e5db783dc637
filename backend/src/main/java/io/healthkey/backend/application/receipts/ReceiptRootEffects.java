package io.healthkey.backend.application.receipts;

import java.time.Clock;

import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.ReceiptRootIntent;
import io.healthkey.backend.domain.receipt.RootPublication;
import reactor.core.publisher.Mono;

/**
 * What follows an {@code AUDIT_ROOT} request. CONFIRMED: its batch is marked PUBLISHED, with the transaction and
 * block that hold the root. FAILED: its batch is PREPARED again, so the next batching round submits it again.
 */
final class ReceiptRootEffects implements ChainRequestEffects {

    private final ReadReceiptStorePort store;
    private final Clock clock;

    ReceiptRootEffects(ReadReceiptStorePort store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Mono<Void> onConfirmed(ChainRequest request) {
        MinedTransaction mined = request.transaction().orElseThrow();
        return store.markPublished(batchOf(request), new RootPublication(mined.transactionHash(), mined.blockNumber()),
                clock.instant());
    }

    @Override
    public Mono<Void> onFailed(ChainRequest request) {
        return store.markPrepared(batchOf(request));
    }

    private static long batchOf(ChainRequest request) {
        if (request.intent() instanceof ReceiptRootIntent root) {
            return root.batch();
        }
        throw new IllegalStateException("chain request " + request.id() + " publishes no receipt root: "
                + request.intent());
    }
}
