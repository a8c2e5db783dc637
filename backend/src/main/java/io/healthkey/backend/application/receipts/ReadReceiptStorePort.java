package io.healthkey.backend.application.receipts;

import java.time.Instant;
import java.util.List;

import io.healthkey.backend.domain.receipt.BatchedReceipt;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.receipt.RootPublication;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.receipt.ReadReceipt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Batches of read receipts and which read is in which, beside the read log. */
public interface ReadReceiptStorePort {

    /** Up to {@code max} rows of the read log with ids from {@code firstId} on, lowest id first. */
    Flux<LoggedRead> readsFrom(long firstId, int max);

    /** The highest batch number stored, prepared or published; 0 if none. */
    Mono<Long> lastBatchNumber();

    /** The stored batch with the lowest number; empty when none is stored. */
    Mono<ReceiptBatch> firstBatch();

    /** The last read id of the highest batch stored, prepared or published; 0 if none. */
    Mono<Long> lastBatchedReadId();

    /**
     * Stores a prepared batch with its receipts, all or nothing. {@code sortedReceipts} are in leaf order: the
     * receipt at position {@code i} is leaf {@code i}.
     */
    Mono<Void> savePrepared(ReceiptBatch batch, List<ReadReceipt> sortedReceipts, Instant at);

    /** The prepared or submitted batch with the lowest number, if any. */
    Mono<ReceiptBatch> oldestUnpublished();

    /** Batch {@code batch}'s root is in the outbox; with the request that carries it, in one transaction. */
    Mono<Void> markSubmitted(long batch);

    /** The request carrying batch {@code batch} failed: it is PREPARED again, so the next run sends it again. */
    Mono<Void> markPrepared(long batch);

    Mono<Void> markPublished(long batch, RootPublication publication, Instant at);

    Mono<ReceiptBatch> batch(long number);

    /** The leaf hashes of {@code batch}, in leaf order. */
    Flux<Bytes32> leavesOf(long batch);

    /** The logged read {@code readId}, empty if there is none. */
    Mono<LoggedRead> read(long readId);

    /** The receipt of read {@code readId} as batched, empty while it is in no batch. */
    Mono<BatchedReceipt> receiptOf(long readId);
}
