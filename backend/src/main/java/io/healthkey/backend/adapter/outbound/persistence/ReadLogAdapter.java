package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.Readable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.audit.ReadLogStorePort;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/**
 * {@link ReadLogStorePort} on R2DBC, table {@code record_read}. An aggregate is counted with an UPDATE, and created
 * by an INSERT when there is none; two replicas inserting the same window meet on the unique index
 * {@code record_read_window}, and the one that loses counts its read with the UPDATE.
 */
@Component
class ReadLogAdapter implements ReadLogStorePort {

    private final DatabaseClient database;

    ReadLogAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Void> append(ReadEntry entry) {
        return insert(entry, 1, Optional.empty()).then();
    }

    @Override
    public Mono<Void> countDenied(ReadEntry entry, Instant windowEnd) {
        return countInto(entry, windowEnd)
                .flatMap(counted -> counted > 0 ? Mono.<Void>empty() : insert(entry, 1, Optional.of(windowEnd))
                        .onErrorResume(ReadLogAdapter::isDuplicate, lost -> countInto(entry, windowEnd)).then());
    }

    private Mono<Long> countInto(ReadEntry entry, Instant windowEnd) {
        return database.sql("""
                        UPDATE record_read SET read_count = read_count + 1,
                            last_read_at = CASE WHEN last_read_at < :at THEN :at ELSE last_read_at END
                        WHERE patient = :patient AND reader = :reader AND window_end = :end""")
                .bind("at", utc(entry.at()))
                .bind("patient", entry.patient().toString())
                .bind("reader", entry.reader().toString())
                .bind("end", utc(windowEnd))
                .fetch().rowsUpdated();
    }

    private Mono<Long> insert(ReadEntry entry, long count, Optional<Instant> windowEnd) {
        DatabaseClient.GenericExecuteSpec insert = database.sql("""
                        INSERT INTO record_read (record_id, patient, reader, allowed, denied_code, block_number, read_at,
                            read_count, last_read_at, window_end)
                        VALUES (:record, :patient, :reader, :allowed, :code, :block, :at, :count, :at, :end)""")
                .bind("record", entry.record().toHex())
                .bind("patient", entry.patient().toString())
                .bind("reader", entry.reader().toString())
                .bind("allowed", entry.allowed())
                .bind("at", utc(entry.at()))
                .bind("count", count);
        insert = entry.deniedCode().isPresent() ? insert.bind("code", entry.deniedCode().get())
                : insert.bindNull("code", String.class);
        insert = entry.blockNumber().isPresent() ? insert.bind("block", entry.blockNumber().get())
                : insert.bindNull("block", Long.class);
        insert = windowEnd.isPresent() ? insert.bind("end", utc(windowEnd.get()))
                : insert.bindNull("end", LocalDateTime.class);
        return insert.fetch().rowsUpdated();
    }

    @Override
    public Flux<LoggedRead> page(EthAddress patient, Optional<Long> beforeId, int max) {
        DatabaseClient.GenericExecuteSpec query = database.sql("SELECT " + COLUMNS + " FROM record_read"
                        + " WHERE patient = :patient" + (beforeId.isPresent() ? " AND id < :before" : "")
                        + " ORDER BY id DESC LIMIT :max")
                .bind("patient", patient.toString())
                .bind("max", max);
        if (beforeId.isPresent()) {
            query = query.bind("before", beforeId.get());
        }
        return query.map(ReadLogAdapter::loggedRead).all();
    }

    /** The columns {@link #loggedRead} maps. */
    static final String COLUMNS = "id, record_id, reader, allowed, denied_code, block_number, read_at, read_count,"
            + " last_read_at, window_end";

    static LoggedRead loggedRead(Readable row) {
        LocalDateTime windowEnd = row.get("window_end", LocalDateTime.class);
        return new LoggedRead(row.get("id", Long.class), new ReadEntry(
                RecordId.parse(row.get("record_id", String.class)),
                EthAddress.parse(row.get("reader", String.class)),
                Boolean.TRUE.equals(row.get("allowed", Boolean.class)),
                Optional.ofNullable(row.get("denied_code", String.class)),
                Optional.ofNullable(row.get("block_number", Long.class)),
                instant(row.get("read_at", LocalDateTime.class))),
                row.get("read_count", Long.class),
                instant(row.get("last_read_at", LocalDateTime.class)),
                Optional.ofNullable(windowEnd).map(Timestamps::instant));
    }

    private static boolean isDuplicate(Throwable failure) {
        return failure instanceof DataIntegrityViolationException
                || failure instanceof R2dbcDataIntegrityViolationException;
    }
}
