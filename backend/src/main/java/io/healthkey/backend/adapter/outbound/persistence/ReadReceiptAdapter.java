package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.receipts.ReadReceiptStorePort;
import io.healthkey.backend.domain.receipt.BatchStatus;
import io.healthkey.backend.domain.receipt.BatchedReceipt;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.receipt.RootPublication;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.receipt.ReadReceipt;

/** {@link ReadReceiptStorePort} on R2DBC: tables {@code read_receipt_batch} and {@code read_receipt} (V6). */
@Component
class ReadReceiptAdapter implements ReadReceiptStorePort {

    private static final String BATCH_COLUMNS =
            "batch_number, root, leaf_count, first_read_id, last_read_id, status, transaction_hash, block_number";

    private final DatabaseClient database;
    private final TransactionalOperator transactions;

    ReadReceiptAdapter(DatabaseClient database, TransactionalOperator transactions) {
        this.database = database;
        this.transactions = transactions;
    }

    @Override
    public Flux<LoggedRead> readsFrom(long firstId, int max) {
        return database.sql("SELECT " + ReadLogAdapter.COLUMNS + " FROM record_read WHERE id >= :first"
                        + " ORDER BY id LIMIT :max")
                .bind("first", firstId)
                .bind("max", max)
                .map(ReadLogAdapter::loggedRead)
                .all();
    }

    @Override
    public Mono<Long> lastBatchedReadId() {
        return highestStored("last_read_id");
    }

    /** The highest value of {@code column} over the stored batches; 0 if there is none. */
    private Mono<Long> highestStored(String column) {
        return database.sql("SELECT MAX(" + column + ") AS last FROM read_receipt_batch")
                .map(row -> Optional.ofNullable(row.get("last", Long.class)).orElse(0L))
                .one()
                .defaultIfEmpty(0L);
    }

    @Override
    public Mono<Long> lastBatchNumber() {
        return highestStored("batch_number");
    }

    @Override
    public Mono<Void> savePrepared(ReceiptBatch batch, List<ReadReceipt> sortedReceipts, Instant at) {
        Mono<Void> insertBatch = database.sql("""
                        INSERT INTO read_receipt_batch (batch_number, root, leaf_count, first_read_id, last_read_id,
                            status, prepared_at)
                        VALUES (:number, :root, :count, :first, :last, :status, :at)""")
                .bind("number", batch.number())
                .bind("root", batch.root().toHex())
                .bind("count", batch.leafCount())
                .bind("first", batch.firstReadId())
                .bind("last", batch.lastReadId())
                .bind("status", BatchStatus.PREPARED.name())
                .bind("at", utc(at))
                .then();
        Flux<Long> insertReceipts = Flux.range(0, sortedReceipts.size()).concatMap(index -> {
            ReadReceipt receipt = sortedReceipts.get(index);
            return database.sql("""
                            INSERT INTO read_receipt (read_id, batch_number, leaf_index, salt, read_at, leaf_hash)
                            VALUES (:read, :batch, :index, :salt, :readAt, :leaf)""")
                    .bind("read", receipt.readId())
                    .bind("batch", batch.number())
                    .bind("index", index)
                    .bind("salt", receipt.salt().toHex())
                    .bind("readAt", receipt.readAt())
                    .bind("leaf", receipt.leafHash().toHex())
                    .fetch().rowsUpdated();
        });
        return insertBatch.thenMany(insertReceipts).then().as(transactions::transactional);
    }

    @Override
    public Mono<ReceiptBatch> oldestUnpublished() {
        return database.sql("SELECT " + BATCH_COLUMNS + " FROM read_receipt_batch WHERE status IN (:prepared, "
                        + ":submitted) ORDER BY batch_number LIMIT 1")
                .bind("prepared", BatchStatus.PREPARED.name())
                .bind("submitted", BatchStatus.SUBMITTED.name())
                .map(ReadReceiptAdapter::toBatch)
                .one();
    }

    @Override
    public Mono<Void> markSubmitted(long batch) {
        return moveUnpublished(batch, BatchStatus.SUBMITTED);
    }

    @Override
    public Mono<Void> markPrepared(long batch) {
        return moveUnpublished(batch, BatchStatus.PREPARED);
    }

    private Mono<Void> moveUnpublished(long batch, BatchStatus to) {
        return database.sql("UPDATE read_receipt_batch SET status = :to WHERE batch_number = :number "
                        + "AND status <> :published")
                .bind("to", to.name())
                .bind("number", batch)
                .bind("published", BatchStatus.PUBLISHED.name())
                .then();
    }

    @Override
    public Mono<Void> markPublished(long batch, RootPublication publication, Instant at) {
        return database.sql("""
                        UPDATE read_receipt_batch SET status = :status, transaction_hash = :tx, block_number = :block,
                            published_at = :at
                        WHERE batch_number = :number""")
                .bind("status", BatchStatus.PUBLISHED.name())
                .bind("tx", publication.transactionHash())
                .bind("block", publication.blockNumber())
                .bind("at", utc(at))
                .bind("number", batch)
                .then();
    }

    @Override
    public Mono<ReceiptBatch> firstBatch() {
        return database.sql("SELECT " + BATCH_COLUMNS + " FROM read_receipt_batch WHERE batch_number ="
                        + " (SELECT MIN(batch_number) FROM read_receipt_batch)")
                .map(ReadReceiptAdapter::toBatch)
                .one();
    }

    @Override
    public Mono<ReceiptBatch> batch(long number) {
        return database.sql("SELECT " + BATCH_COLUMNS + " FROM read_receipt_batch WHERE batch_number = :number")
                .bind("number", number)
                .map(ReadReceiptAdapter::toBatch)
                .one();
    }

    @Override
    public Flux<Bytes32> leavesOf(long batch) {
        return database.sql("SELECT leaf_hash FROM read_receipt WHERE batch_number = :batch ORDER BY leaf_index")
                .bind("batch", batch)
                .map(row -> Bytes32.parse(row.get("leaf_hash", String.class)))
                .all();
    }

    @Override
    public Mono<LoggedRead> read(long readId) {
        return database.sql("SELECT " + ReadLogAdapter.COLUMNS + " FROM record_read WHERE id = :id")
                .bind("id", readId)
                .map(ReadLogAdapter::loggedRead)
                .one();
    }

    @Override
    public Mono<BatchedReceipt> receiptOf(long readId) {
        return database.sql("""
                        SELECT r.salt, r.read_at, r.batch_number, r.leaf_hash,
                            l.patient, l.reader, l.record_id, l.allowed, l.read_count
                        FROM read_receipt r JOIN record_read l ON l.id = r.read_id WHERE r.read_id = :id""")
                .bind("id", readId)
                .map(row -> {
                    ReadReceipt receipt = new ReadReceipt(Bytes32.parse(row.get("salt", String.class)), readId,
                            EthAddress.parse(row.get("patient", String.class)),
                            EthAddress.parse(row.get("reader", String.class)),
                            RecordId.parse(row.get("record_id", String.class)), row.get("read_at", Long.class),
                            Boolean.TRUE.equals(row.get("allowed", Boolean.class)), row.get("read_count", Long.class));
                    if (!receipt.leafHash().toHex().equals(row.get("leaf_hash", String.class))) {
                        throw new IllegalStateException("read " + readId + " no longer hashes to its stored leaf");
                    }
                    return new BatchedReceipt(receipt, row.get("batch_number", Long.class));
                })
                .one();
    }

    private static ReceiptBatch toBatch(Readable row) {
        String transaction = row.get("transaction_hash", String.class);
        Optional<RootPublication> publication = transaction == null ? Optional.empty()
                : Optional.of(new RootPublication(transaction, row.get("block_number", Long.class)));
        return new ReceiptBatch(row.get("batch_number", Long.class), Bytes32.parse(row.get("root", String.class)),
                row.get("leaf_count", Integer.class), row.get("first_read_id", Long.class),
                row.get("last_read_id", Long.class), BatchStatus.valueOf(row.get("status", String.class)),
                publication);
    }
}
