package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.protocol.EthAddress;

/** {@link ChainRequestPort} on R2DBC: the client-visible request is also the outbox entry. */
@Component
class ChainRequestAdapter implements ChainRequestPort {

    private static final int DETAIL_LENGTH = 500;

    private final DatabaseClient database;

    ChainRequestAdapter(DatabaseClient database) {
        this.database = database;
    }

    /** Updates the stored request in place (readers never see it missing), or inserts it the first time. */
    @Override
    public Mono<Void> save(ChainRequest request) {
        return update(request).flatMap(rows -> rows == 0 ? insert(request) : Mono.empty());
    }

    private Mono<Long> update(ChainRequest request) {
        DatabaseClient.GenericExecuteSpec update = database.sql("""
                        UPDATE chain_request SET status = :status, transaction_hash = :hash, block_number = :block,
                            gas_used = :gas, failure_code = :code, failure_detail = :detail, updated_at = :updatedAt,
                            outbox_transaction = :outbox
                        WHERE id = :id""")
                .bind("id", request.id())
                .bind("status", request.status().name())
                .bind("updatedAt", utc(request.updatedAt()));
        return outcome(update, request).fetch().rowsUpdated();
    }

    @Override
    public Mono<Void> insert(ChainRequest request) {
        DatabaseClient.GenericExecuteSpec insert = database.sql("""
                        INSERT INTO chain_request (id, kind, account, patient, subject, status, transaction_hash,
                            block_number, gas_used, failure_code, failure_detail, accepted_at, updated_at, target,
                            calldata, payload, outbox_transaction, gas_limit)
                        VALUES (:id, :kind, :account, :patient, :subject, :status, :hash, :block, :gas, :code, :detail,
                            :acceptedAt, :updatedAt, :target, :calldata, :payload, :outbox, :gasLimit)""")
                .bind("id", request.id())
                .bind("kind", request.kind().name())
                .bind("account", request.account().toString())
                .bind("patient", request.patient().toString())
                .bind("subject", request.subject())
                .bind("status", request.status().name())
                .bind("acceptedAt", utc(request.acceptedAt()))
                .bind("updatedAt", utc(request.updatedAt()))
                .bind("payload", IntentCodec.encode(request.intent()));
        Optional<ChainCall> call = request.call();
        insert = call.isPresent()
                ? insert.bind("target", call.get().target().toString()).bind("calldata", call.get().calldata())
                : insert.bindNull("target", String.class).bindNull("calldata", String.class);
        insert = request.gasLimit().isPresent() ? insert.bind("gasLimit", new BigDecimal(request.gasLimit().get()))
                : insert.bindNull("gasLimit", BigDecimal.class);
        return outcome(insert, request).then();
    }

    /** Binds what a request ended with: its transaction, or its failure. */
    private static DatabaseClient.GenericExecuteSpec outcome(DatabaseClient.GenericExecuteSpec spec,
            ChainRequest request) {
        Optional<MinedTransaction> mined = request.transaction();
        spec = request.outboxTransaction().isPresent() ? spec.bind("outbox", request.outboxTransaction().get())
                : spec.bindNull("outbox", String.class);
        spec = mined.isPresent()
                ? spec.bind("hash", mined.get().transactionHash()).bind("block", mined.get().blockNumber())
                        .bind("gas", mined.get().gasUsed())
                : spec.bindNull("hash", String.class).bindNull("block", Long.class).bindNull("gas", Long.class);
        return request.failureCode().isPresent()
                ? spec.bind("code", request.failureCode().get())
                        .bind("detail", truncate(request.failureDetail().orElse("")))
                : spec.bindNull("code", String.class).bindNull("detail", String.class);
    }

    @Override
    public Mono<ChainRequest> find(String id) {
        return database.sql(SELECT + " WHERE id = :id").bind("id", id).map(ChainRequestAdapter::toRequest).one();
    }

    @Override
    public Flux<ChainRequest> waiting(int limit) {
        return database.sql(SELECT + " WHERE status = 'ACCEPTED' AND calldata IS NOT NULL ORDER BY accepted_at, id"
                        + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")
                .map(ChainRequestAdapter::toRequest).all();
    }

    @Override
    public Flux<ChainRequest> carriedBy(String outboxTransactionId) {
        return database.sql(SELECT + " WHERE outbox_transaction = :tx ORDER BY accepted_at, id")
                .bind("tx", outboxTransactionId).map(ChainRequestAdapter::toRequest).all();
    }

    @Override
    public Flux<ChainRequest> carriedByAny(Collection<String> outboxTransactionIds) {
        if (outboxTransactionIds.isEmpty()) {
            return Flux.empty();
        }
        return database.sql(SELECT + " WHERE outbox_transaction IN (:txs) ORDER BY accepted_at, id")
                .bind("txs", List.copyOf(outboxTransactionIds)).map(ChainRequestAdapter::toRequest).all();
    }

    @Override
    public Flux<ChainRequest> unsettled(EthAddress account) {
        return database.sql(SELECT + " WHERE account = :account AND status IN ('ACCEPTED', 'SENT', 'MINED')"
                        + " ORDER BY accepted_at, id")
                .bind("account", account.toString()).map(ChainRequestAdapter::toRequest).all();
    }

    @Override
    public Flux<EthAddress> sendingAccounts() {
        return database.sql("SELECT DISTINCT account FROM chain_request WHERE status = 'SENT' AND kind <> 'ANCHOR'")
                .map(row -> EthAddress.parse(row.get("account", String.class))).all();
    }

    @Override
    public Mono<Map<ChainRequestStatus, Long>> countByStatus() {
        return database.sql("SELECT status, COUNT(*) AS n FROM chain_request GROUP BY status")
                .map(row -> Map.entry(ChainRequestStatus.valueOf(row.get("status", String.class)),
                        ((Number) row.get("n")).longValue()))
                .all()
                .collectList()
                .map(entries -> {
                    Map<ChainRequestStatus, Long> counts = new EnumMap<>(ChainRequestStatus.class);
                    for (ChainRequestStatus status : ChainRequestStatus.values()) {
                        counts.put(status, 0L);
                    }
                    entries.forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
                    return counts;
                });
    }

    /** Every column {@link #toRequest} reads; a WHERE clause may follow. */
    static final String SELECT = """
            SELECT id, kind, account, patient, subject, status, transaction_hash, block_number, gas_used,
                failure_code, failure_detail, accepted_at, updated_at, target, calldata, payload, outbox_transaction,
                gas_limit
            FROM chain_request""";

    static ChainRequest toRequest(Readable row) {
        String hash = row.get("transaction_hash", String.class);
        Optional<MinedTransaction> mined = hash == null ? Optional.empty()
                : Optional.of(new MinedTransaction(hash, row.get("block_number", Long.class),
                        row.get("gas_used", Long.class)));
        String target = row.get("target", String.class);
        Optional<ChainCall> call = target == null ? Optional.empty()
                : Optional.of(new ChainCall(EthAddress.parse(target), row.get("calldata", String.class)));
        RelayKind kind = RelayKind.valueOf(row.get("kind", String.class));
        EthAddress patient = EthAddress.parse(row.get("patient", String.class));
        BigDecimal gasLimit = row.get("gas_limit", BigDecimal.class);
        return new ChainRequest(
                row.get("id", String.class),
                kind,
                EthAddress.parse(row.get("account", String.class)),
                patient,
                row.get("subject", String.class),
                ChainRequestStatus.valueOf(row.get("status", String.class)),
                call,
                intentOf(row, kind, patient),
                Optional.ofNullable(row.get("outbox_transaction", String.class)),
                mined,
                Optional.ofNullable(row.get("failure_code", String.class)),
                Optional.ofNullable(row.get("failure_detail", String.class)),
                instant(row.get("accepted_at", LocalDateTime.class)),
                instant(row.get("updated_at", LocalDateTime.class)),
                Optional.ofNullable(gasLimit).map(BigDecimal::toBigIntegerExact));
    }

    private static Intent intentOf(Readable row, RelayKind kind, EthAddress patient) {
        try {
            return IntentCodec.decode(kind, patient, row.get("payload", String.class));
        } catch (RuntimeException unreadable) {
            throw new IllegalStateException("chain request " + row.get("id", String.class) + ": "
                    + unreadable.getMessage(), unreadable);
        }
    }

    private static String truncate(String detail) {
        return detail.length() <= DETAIL_LENGTH ? detail : detail.substring(0, DETAIL_LENGTH);
    }
}
