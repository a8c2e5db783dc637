package io.healthkey.backend.application.receipts;

import java.util.Optional;

import io.healthkey.backend.domain.audit.AuditAccess;
import io.healthkey.backend.domain.receipt.LostReadLog;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * Whether the read log is whole: compares the read receipt batches on chain with those this database holds. A
 * database that holds batches from the first holds every committed read; one that starts later (it replaced a lost
 * one, and the batcher numbers on from the chain) lost the reads of the batches before, which the chain still counts.
 */
public final class ReadLogLoss implements LostReadLogUseCase {

    private final ReadReceiptStorePort store;
    private final ReadReceiptRootsPort chain;

    public ReadLogLoss(ReadReceiptStorePort store, ReadReceiptRootsPort chain) {
        this.store = store;
        this.chain = chain;
    }

    @Override
    public Mono<LostReadLog> lostBefore(EthAddress viewer, EthAddress patient) {
        return Mono.fromRunnable(() -> AuditAccess.requireSelf(viewer, patient))
                .then(Mono.zip(chain.batchCount(), chain.nextReadId(),
                        store.firstBatch().map(Optional::of).defaultIfEmpty(Optional.empty())))
                .map(at -> lost(at.getT1(), at.getT2(), at.getT3()));
    }

    private static LostReadLog lost(long batchesOnChain, long nextReadIdOnChain, Optional<ReceiptBatch> firstHeld) {
        long lostBatches = firstHeld.map(first -> Math.min(batchesOnChain, first.number() - 1)).orElse(batchesOnChain);
        if (lostBatches <= 0) {
            return LostReadLog.NONE;
        }
        long lostReads = firstHeld.map(first -> first.firstReadId() - 1).orElse(nextReadIdOnChain - 1);
        return new LostReadLog(lostBatches, lostReads);
    }
}
