package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.LocalDateTime;
import java.util.Optional;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.record.ReadLogPort;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/** {@link ReadLogPort} on R2DBC. */
@Component
class ReadLogAdapter implements ReadLogPort {

    private final DatabaseClient database;

    ReadLogAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Void> append(ReadEntry entry) {
        DatabaseClient.GenericExecuteSpec insert = database.sql("""
                        INSERT INTO record_read (record_id, patient, reader, allowed, denied_code, block_number, read_at)
                        VALUES (:record, :patient, :reader, :allowed, :code, :block, :at)""")
                .bind("record", entry.record().toHex())
                .bind("patient", entry.patient().toString())
                .bind("reader", entry.reader().toString())
                .bind("allowed", entry.allowed())
                .bind("at", utc(entry.at()));
        insert = entry.deniedCode().isPresent() ? insert.bind("code", entry.deniedCode().get())
                : insert.bindNull("code", String.class);
        insert = entry.blockNumber().isPresent() ? insert.bind("block", entry.blockNumber().get())
                : insert.bindNull("block", Long.class);
        return insert.then();
    }

    @Override
    public Flux<LoggedRead> forPatient(EthAddress patient) {
        return database.sql("SELECT " + COLUMNS
                        + " FROM record_read WHERE patient = :patient ORDER BY read_at DESC, id DESC")
                .bind("patient", patient.toString())
                .map(ReadLogAdapter::loggedRead)
                .all();
    }

    /** The columns {@link #loggedRead} maps. */
    static final String COLUMNS = "id, record_id, reader, allowed, denied_code, block_number, read_at";

    static LoggedRead loggedRead(Readable row) {
        return new LoggedRead(row.get("id", Long.class), new ReadEntry(
                RecordId.parse(row.get("record_id", String.class)),
                EthAddress.parse(row.get("reader", String.class)),
                Boolean.TRUE.equals(row.get("allowed", Boolean.class)),
                Optional.ofNullable(row.get("denied_code", String.class)),
                Optional.ofNullable(row.get("block_number", Long.class)),
                instant(row.get("read_at", LocalDateTime.class))));
    }
}
