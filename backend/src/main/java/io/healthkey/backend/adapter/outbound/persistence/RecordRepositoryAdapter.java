package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import io.r2dbc.spi.Readable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.keywrap.WrappedKey;

/** {@link RecordRepositoryPort} on R2DBC. */
@Component
class RecordRepositoryAdapter implements RecordRepositoryPort {

    private static final String COLUMNS = """
            record_id, author, origin, status, media_type, supersedes, cid, size, chain_request, superseded_by,
            rekey_required, created_at, expires_at""";

    private final DatabaseClient database;
    private final TransactionalOperator transactions;

    RecordRepositoryAdapter(DatabaseClient database, TransactionalOperator transactions) {
        this.database = database;
        this.transactions = transactions;
    }

    @Override
    public Mono<Boolean> reserve(RecordVersion reservation, List<ReaderKey> keys) {
        return insert(reservation).then().then(saveKeys(reservation.id(), keys))
                .as(transactions::transactional)
                .thenReturn(true)
                .onErrorResume(DataIntegrityViolationException.class, duplicate -> Mono.just(false));
    }

    @Override
    public Mono<Boolean> restore(RecordVersion recovered) {
        return insert(recovered).then().thenReturn(true)
                .onErrorResume(DataIntegrityViolationException.class, duplicate -> Mono.just(false));
    }

    /** The row of {@code version}: a reservation (no CID yet, size 0) or a version rebuilt after a loss. */
    private DatabaseClient.GenericExecuteSpec insert(RecordVersion version) {
        RecordId id = version.id();
        DatabaseClient.GenericExecuteSpec insert = database.sql("""
                        INSERT INTO record_version (record_id, patient, serial, category, author, origin, status,
                            media_type, supersedes, cid, size, rekey_required, created_at, expires_at)
                        VALUES (:id, :patient, :serial, :category, :author, :origin, :status, :mediaType, :supersedes,
                            :cid, :size, FALSE, :createdAt, :expiresAt)""")
                .bind("id", id.toHex())
                .bind("patient", id.patient().toString())
                .bind("serial", new BigDecimal(id.serial()))
                .bind("category", id.category().code())
                .bind("author", version.author().toString())
                .bind("origin", version.origin().name())
                .bind("status", version.status().name())
                .bind("mediaType", version.mediaType())
                .bind("size", version.size())
                .bind("createdAt", utc(version.createdAt()))
                .bind("expiresAt", utc(version.expiresAt()));
        insert = version.cid().isPresent() ? insert.bind("cid", version.cid().get().toString())
                : insert.bindNull("cid", String.class);
        return version.supersedes().isPresent()
                ? insert.bind("supersedes", version.supersedes().get().toHex())
                : insert.bindNull("supersedes", String.class);
    }

    @Override
    public Mono<BigInteger> highestSerial(EthAddress patient) {
        return database.sql("SELECT MAX(serial) AS serial FROM record_version WHERE patient = :patient")
                .bind("patient", patient.toString())
                .map(row -> Optional.ofNullable(row.get("serial", BigDecimal.class))
                        .map(BigDecimal::toBigIntegerExact).orElse(BigInteger.ZERO))
                .one()
                .defaultIfEmpty(BigInteger.ZERO);
    }

    @Override
    public Mono<RecordVersion> find(RecordId id) {
        return database.sql("SELECT " + COLUMNS + " FROM record_version WHERE record_id = :id")
                .bind("id", id.toHex())
                .map(RecordRepositoryAdapter::version)
                .one();
    }

    @Override
    public Flux<RecordVersion> forPatient(EthAddress patient) {
        return database.sql("SELECT " + COLUMNS + " FROM record_version WHERE patient = :patient ORDER BY serial DESC")
                .bind("patient", patient.toString())
                .map(RecordRepositoryAdapter::version)
                .all();
    }

    @Override
    public Mono<Boolean> markStored(RecordId id, Cid cid, long size, String chainRequest) {
        return database.sql("""
                        UPDATE record_version SET status = 'ANCHORING', cid = :cid, size = :size,
                            chain_request = :request
                        WHERE record_id = :id AND status = 'RESERVED'""")
                .bind("cid", cid.toString())
                .bind("size", size)
                .bind("request", chainRequest)
                .bind("id", id.toHex())
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    @Override
    public Mono<Void> updateStatus(RecordId id, RecordStatus status) {
        return database.sql("UPDATE record_version SET status = :status WHERE record_id = :id")
                .bind("status", status.name())
                .bind("id", id.toHex())
                .then();
    }

    @Override
    public Mono<Void> markSuperseded(RecordId previous, RecordId by) {
        return database.sql("UPDATE record_version SET superseded_by = :by WHERE record_id = :id")
                .bind("by", by.toHex())
                .bind("id", previous.toHex())
                .then();
    }

    @Override
    public Mono<Void> markRekeyRequired(RecordId id) {
        return database.sql("UPDATE record_version SET rekey_required = TRUE WHERE record_id = :id")
                .bind("id", id.toHex())
                .then();
    }

    @Override
    public Flux<RecordVersion> anchoring() {
        return database.sql("SELECT " + COLUMNS + " FROM record_version WHERE status = 'ANCHORING'")
                .map(RecordRepositoryAdapter::version)
                .all();
    }

    @Override
    public Mono<Void> saveKeys(RecordId id, List<ReaderKey> keys) {
        return Flux.fromIterable(keys)
                .concatMap(key -> deleteKey(id, key.reader()).then(database.sql("""
                                INSERT INTO record_key (record_id, reader, wrapped_key) VALUES (:id, :reader, :key)""")
                        .bind("id", id.toHex())
                        .bind("reader", key.reader().toString())
                        .bind("key", key.wrappedKey().toHex())
                        .then()))
                .then()
                .as(transactions::transactional);
    }

    @Override
    public Mono<ReaderKey> keyFor(RecordId id, EthAddress reader) {
        return database.sql("SELECT reader, wrapped_key FROM record_key WHERE record_id = :id AND reader = :reader")
                .bind("id", id.toHex())
                .bind("reader", reader.toString())
                .map(RecordRepositoryAdapter::readerKey)
                .one();
    }

    @Override
    public Flux<ReaderKey> keysOf(RecordId id) {
        return database.sql("SELECT reader, wrapped_key FROM record_key WHERE record_id = :id ORDER BY reader")
                .bind("id", id.toHex())
                .map(RecordRepositoryAdapter::readerKey)
                .all();
    }

    @Override
    public Mono<Void> deleteKey(RecordId id, EthAddress reader) {
        return database.sql("DELETE FROM record_key WHERE record_id = :id AND reader = :reader")
                .bind("id", id.toHex())
                .bind("reader", reader.toString())
                .then();
    }

    private static ReaderKey readerKey(Readable row) {
        return new ReaderKey(EthAddress.parse(row.get("reader", String.class)),
                WrappedKey.parse(row.get("wrapped_key", String.class)));
    }

    private static RecordVersion version(Readable row) {
        return new RecordVersion(
                RecordId.parse(row.get("record_id", String.class)),
                EthAddress.parse(row.get("author", String.class)),
                RecordOrigin.valueOf(row.get("origin", String.class)),
                RecordStatus.valueOf(row.get("status", String.class)),
                row.get("media_type", String.class),
                Optional.ofNullable(row.get("supersedes", String.class)).map(RecordId::parse),
                Optional.ofNullable(row.get("cid", String.class)).map(Cid::parse),
                row.get("size", Long.class),
                Optional.ofNullable(row.get("chain_request", String.class)),
                Optional.ofNullable(row.get("superseded_by", String.class)).map(RecordId::parse),
                Boolean.TRUE.equals(row.get("rekey_required", Boolean.class)),
                instant(row.get("created_at", LocalDateTime.class)),
                instant(row.get("expires_at", LocalDateTime.class)));
    }
}
