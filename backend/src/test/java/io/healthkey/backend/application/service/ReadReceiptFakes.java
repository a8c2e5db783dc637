package io.healthkey.backend.application.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.port.out.AuditRootChainPort;
import io.healthkey.backend.application.port.out.ReadReceiptStorePort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.receipt.BatchedReceipt;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.receipt.RootPublication;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.receipt.ReadReceipt;

/**
 * In-memory stand-ins for the database and the contract at the batcher's two boundaries, with the contract's
 * rules (sequential numbers, a root per batch) and switches for the failures a restart must survive.
 */
final class ReadReceiptFakes {

    private ReadReceiptFakes() {
    }

    static final class Store implements ReadReceiptStorePort {
        final Map<Long, LoggedRead> reads = new TreeMap<>();
        final Map<Long, ReceiptBatch> batches = new TreeMap<>();
        final Map<Long, BatchedReceipt> receipts = new TreeMap<>();
        final Map<Long, List<Bytes32>> leaves = new TreeMap<>();

        void log(LoggedRead read) {
            reads.put(read.id(), read);
        }

        @Override
        public Flux<LoggedRead> unbatched(int max) {
            return Flux.fromIterable(List.copyOf(reads.values()))
                    .filter(read -> !receipts.containsKey(read.id())).take(max);
        }

        @Override
        public Mono<Long> lastBatchNumber() {
            return Mono.just(batches.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
        }

        @Override
        public Mono<Void> savePrepared(ReceiptBatch batch, List<ReadReceipt> sortedReceipts, Instant at) {
            return Mono.fromRunnable(() -> {
                batches.put(batch.number(), batch);
                leaves.put(batch.number(), sortedReceipts.stream().map(ReadReceipt::leafHash).toList());
                sortedReceipts.forEach(r -> receipts.put(r.readId(), new BatchedReceipt(r, batch.number())));
            });
        }

        @Override
        public Mono<ReceiptBatch> oldestUnpublished() {
            return Mono.justOrEmpty(batches.values().stream().filter(b -> !b.isPublished()).findFirst());
        }

        @Override
        public Mono<Void> markPublished(long batch, RootPublication publication, Instant at) {
            return Mono.fromRunnable(() -> batches.computeIfPresent(batch, (n, b) -> b.published(publication)));
        }

        @Override
        public Mono<ReceiptBatch> batch(long number) {
            return Mono.justOrEmpty(batches.get(number));
        }

        @Override
        public Flux<Bytes32> leavesOf(long batch) {
            return Flux.fromIterable(leaves.getOrDefault(batch, List.of()));
        }

        @Override
        public Mono<LoggedRead> read(long readId) {
            return Mono.justOrEmpty(reads.get(readId));
        }

        @Override
        public Mono<BatchedReceipt> receiptOf(long readId) {
            return Mono.justOrEmpty(receipts.get(readId));
        }
    }

    static final class Chain implements AuditRootChainPort {
        final List<Bytes32> roots = new ArrayList<>();
        int sends;
        /** The next publish fails before reaching the chain. */
        boolean unavailable;
        /** The next publish is mined, but its sender never sees the receipt. */
        boolean loseReceipt;

        @Override
        public Mono<Long> batchCount() {
            return Mono.fromSupplier(() -> (long) roots.size());
        }

        @Override
        public Mono<Bytes32> rootOf(long batch) {
            return batch >= 1 && batch <= roots.size() ? Mono.just(roots.get((int) batch - 1))
                    : Mono.error(new DomainException(ErrorCode.RECEIPT_UNKNOWN_BATCH, "no batch " + batch));
        }

        @Override
        public Mono<RootPublication> publish(ReceiptBatch batch) {
            return Mono.defer(() -> {
                sends++;
                if (unavailable) {
                    unavailable = false;
                    return Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "node down"));
                }
                if (batch.number() != roots.size() + 1) {
                    return Mono.error(new DomainException(ErrorCode.RECEIPT_UNEXPECTED_BATCH, "not next"));
                }
                roots.add(batch.root());
                if (loseReceipt) {
                    loseReceipt = false;
                    return Mono.error(new DomainException(ErrorCode.CHAIN_RECEIPT_TIMEOUT, "not mined in time"));
                }
                return Mono.just(publication(batch.number()));
            });
        }

        @Override
        public Mono<RootPublication> publicationOf(long batch) {
            return batch <= roots.size() ? Mono.just(publication(batch)) : Mono.empty();
        }

        static RootPublication publication(long batch) {
            return new RootPublication("0x" + "%064x".formatted(batch), 100 + batch);
        }
    }
}
