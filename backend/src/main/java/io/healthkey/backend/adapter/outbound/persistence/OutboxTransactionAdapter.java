package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.outbox.OutboxTransactionPort;
import io.healthkey.backend.application.outbox.TransactionPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.OutboxTransactionStatus;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.protocol.EthAddress;

/**
 * {@link OutboxTransactionPort} on R2DBC. The nonce moves with a conditional UPDATE that also checks the lease
 * (portable to H2 and PostgreSQL): a sender that lost its lease cannot take a nonce, even one it read a moment ago.
 */
@Component
class OutboxTransactionAdapter implements OutboxTransactionPort {

    private final DatabaseClient database;
    private final ChainRequestPort requests;
    private final TransactionPort transactions;

    OutboxTransactionAdapter(DatabaseClient database, ChainRequestPort requests, TransactionPort transactions) {
        this.database = database;
        this.requests = requests;
        this.transactions = transactions;
    }

    @Override
    public Mono<Long> nextNonce(EthAddress relayer) {
        return database.sql("SELECT next_nonce FROM relayer_nonce WHERE relayer = :relayer")
                .bind("relayer", relayer.toString())
                .map(row -> ((Number) row.get("next_nonce")).longValue())
                .one();
    }

    @Override
    public Mono<Void> setNextNonce(EthAddress relayer, long next) {
        return database.sql("UPDATE relayer_nonce SET next_nonce = :next WHERE relayer = :relayer")
                .bind("relayer", relayer.toString()).bind("next", next)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows > 0 ? Mono.empty()
                        : database.sql("INSERT INTO relayer_nonce (relayer, next_nonce) VALUES (:relayer, :next)")
                                .bind("relayer", relayer.toString()).bind("next", next).then());
    }

    @Override
    public Mono<Boolean> recordSigned(List<OutboxTransaction> signed, List<ChainRequest> carried, String owner,
            Instant now) {
        if (signed.isEmpty()) {
            return Mono.just(true);
        }
        OutboxTransaction first = signed.get(0);
        for (int i = 0; i < signed.size(); i++) {
            if (signed.get(i).nonce() != first.nonce() + i || !signed.get(i).relayer().equals(first.relayer())) {
                throw new IllegalArgumentException("signed transactions have consecutive nonces of one relayer");
            }
        }
        Mono<Boolean> work = database.sql("""
                        UPDATE relayer_nonce SET next_nonce = :next
                        WHERE relayer = :relayer AND next_nonce = :nonce AND EXISTS (
                            SELECT 1 FROM relayer_lease
                            WHERE relayer_lease.relayer = :relayer AND owner = :owner AND expires_at > :now)""")
                .bind("relayer", first.relayer().toString())
                .bind("nonce", first.nonce())
                .bind("next", first.nonce() + signed.size())
                .bind("owner", owner)
                .bind("now", utc(now))
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 0 ? Mono.just(false)
                        : Flux.fromIterable(signed)
                                .concatMap(transaction -> insert(transaction)
                                        .then(insertAttempt(transaction.id(), 0, transaction.latest())))
                                .then(Flux.fromIterable(carried).concatMap(requests::save).then())
                                .thenReturn(true));
        return transactions.inTransaction(work);
    }

    private Mono<Void> insert(OutboxTransaction transaction) {
        return database.sql("""
                        INSERT INTO outbox_transaction (id, relayer, nonce, target, calldata, gas_limit, status,
                            succeeded, created_at, updated_at)
                        VALUES (:id, :relayer, :nonce, :target, :calldata, :gasLimit, :status, FALSE, :createdAt,
                            :updatedAt)""")
                .bind("id", transaction.id())
                .bind("relayer", transaction.relayer().toString())
                .bind("nonce", transaction.nonce())
                .bind("target", transaction.call().target().toString())
                .bind("calldata", transaction.call().calldata())
                .bind("gasLimit", new BigDecimal(transaction.gasLimit()))
                .bind("status", transaction.status().name())
                .bind("createdAt", utc(transaction.createdAt()))
                .bind("updatedAt", utc(transaction.updatedAt()))
                .then();
    }

    private Mono<Void> insertAttempt(String transactionId, int index, TransactionAttempt attempt) {
        return database.sql("""
                        INSERT INTO outbox_attempt (transaction_id, attempt, hash, raw_transaction, max_fee,
                            priority_fee, cancel, sent_at)
                        VALUES (:id, :attempt, :hash, :raw, :maxFee, :tip, :cancel, :sentAt)""")
                .bind("id", transactionId)
                .bind("attempt", index)
                .bind("hash", attempt.hash())
                .bind("raw", attempt.rawTransaction())
                .bind("maxFee", new BigDecimal(attempt.fees().maxFeePerGas()))
                .bind("tip", new BigDecimal(attempt.fees().maxPriorityFeePerGas()))
                .bind("cancel", attempt.cancel())
                .bind("sentAt", utc(attempt.sentAt()))
                .then();
    }

    @Override
    public Mono<Void> appendAttempt(OutboxTransaction transaction) {
        return insertAttempt(transaction.id(), transaction.attempts().size() - 1, transaction.latest())
                .then(database.sql("UPDATE outbox_transaction SET updated_at = :now WHERE id = :id")
                        .bind("id", transaction.id()).bind("now", utc(transaction.updatedAt())).then());
    }

    @Override
    public Mono<Void> update(OutboxTransaction transaction) {
        var spec = database.sql("""
                        UPDATE outbox_transaction SET status = :status, mined_hash = :hash, block_number = :block,
                            gas_used = :gas, succeeded = :succeeded, updated_at = :now
                        WHERE id = :id""")
                .bind("id", transaction.id())
                .bind("status", transaction.status().name())
                .bind("succeeded", transaction.succeeded())
                .bind("now", utc(transaction.updatedAt()));
        Optional<MinedTransaction> mined = transaction.mined();
        spec = mined.isPresent()
                ? spec.bind("hash", mined.get().transactionHash()).bind("block", mined.get().blockNumber())
                        .bind("gas", mined.get().gasUsed())
                : spec.bindNull("hash", String.class).bindNull("block", Long.class).bindNull("gas", Long.class);
        return spec.then();
    }

    /** Two queries whatever their number: the open transactions, then all their attempts. */
    @Override
    public Flux<OutboxTransaction> open(EthAddress relayer) {
        return database.sql(SELECT + " WHERE relayer = :relayer AND status IN ('PENDING', 'MINED') ORDER BY nonce")
                .bind("relayer", relayer.toString())
                .map(OutboxTransactionAdapter::toRow).all()
                .collectList()
                .flatMapMany(rows -> rows.isEmpty() ? Flux.empty() : database.sql(ATTEMPTS + """
                                 WHERE transaction_id IN (SELECT id FROM outbox_transaction
                                    WHERE relayer = :relayer AND status IN ('PENDING', 'MINED'))
                                ORDER BY transaction_id, attempt""")
                        .bind("relayer", relayer.toString())
                        .map(attempt -> Map.entry(attempt.get("transaction_id", String.class), toAttempt(attempt)))
                        .all()
                        .collectList()
                        .flatMapMany(attempts -> {
                            Map<String, List<TransactionAttempt>> byTransaction = new HashMap<>();
                            attempts.forEach(entry -> byTransaction.computeIfAbsent(entry.getKey(),
                                    id -> new ArrayList<>()).add(entry.getValue()));
                            return Flux.fromIterable(rows)
                                    .filter(row -> byTransaction.containsKey(row.id()))
                                    .map(row -> row.with(byTransaction.get(row.id())));
                        }));
    }

    @Override
    public Mono<OutboxTransaction> find(String id) {
        return database.sql(SELECT + " WHERE id = :id").bind("id", id)
                .map(OutboxTransactionAdapter::toRow).one()
                .flatMap(this::withAttempts);
    }

    private static final String SELECT = """
            SELECT id, relayer, nonce, target, calldata, gas_limit, status, mined_hash, block_number, gas_used,
                succeeded, created_at, updated_at
            FROM outbox_transaction""";

    /** A transaction row before its attempts are read. */
    private record Row(String id, EthAddress relayer, long nonce, ChainCall call, BigInteger gasLimit,
            OutboxTransactionStatus status, Optional<MinedTransaction> mined, boolean succeeded, Instant createdAt,
            Instant updatedAt) {

        OutboxTransaction with(List<TransactionAttempt> attempts) {
            return new OutboxTransaction(id, relayer, nonce, call, gasLimit, status, attempts, mined, succeeded,
                    createdAt, updatedAt);
        }
    }

    private static final String ATTEMPTS = """
            SELECT transaction_id, hash, raw_transaction, max_fee, priority_fee, cancel, sent_at
            FROM outbox_attempt""";

    private static TransactionAttempt toAttempt(Readable attempt) {
        return new TransactionAttempt(attempt.get("hash", String.class),
                attempt.get("raw_transaction", String.class),
                new Fees(attempt.get("max_fee", BigDecimal.class).toBigIntegerExact(),
                        attempt.get("priority_fee", BigDecimal.class).toBigIntegerExact()),
                Boolean.TRUE.equals(attempt.get("cancel", Boolean.class)),
                instant(attempt.get("sent_at", LocalDateTime.class)));
    }

    private static Row toRow(Readable row) {
        String hash = row.get("mined_hash", String.class);
        Optional<MinedTransaction> mined = hash == null ? Optional.empty()
                : Optional.of(new MinedTransaction(hash, ((Number) row.get("block_number")).longValue(),
                        ((Number) row.get("gas_used")).longValue()));
        return new Row(row.get("id", String.class), EthAddress.parse(row.get("relayer", String.class)),
                ((Number) row.get("nonce")).longValue(),
                new ChainCall(EthAddress.parse(row.get("target", String.class)), row.get("calldata", String.class)),
                row.get("gas_limit", BigDecimal.class).toBigIntegerExact(),
                OutboxTransactionStatus.valueOf(row.get("status", String.class)), mined,
                Boolean.TRUE.equals(row.get("succeeded", Boolean.class)),
                instant(row.get("created_at", LocalDateTime.class)),
                instant(row.get("updated_at", LocalDateTime.class)));
    }

    private Mono<OutboxTransaction> withAttempts(Row row) {
        return database.sql(ATTEMPTS + " WHERE transaction_id = :id ORDER BY attempt")
                .bind("id", row.id())
                .map(OutboxTransactionAdapter::toAttempt)
                .all()
                .collectList()
                .map(row::with);
    }
}
