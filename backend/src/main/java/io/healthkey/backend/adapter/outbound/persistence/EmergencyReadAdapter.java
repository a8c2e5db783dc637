package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.Instant;
import java.time.LocalDateTime;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.healthkey.backend.application.audit.EmergencyReadFlagsPort;
import io.healthkey.backend.application.emergency.EmergencyReadsPort;
import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link EmergencyReadsPort} and {@link EmergencyReadFlagsPort} on R2DBC (migration V19, {@code emergency_read}). */
@Component
class EmergencyReadAdapter implements EmergencyReadsPort, EmergencyReadFlagsPort {

    private final DatabaseClient database;

    EmergencyReadAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Void> flag(EmergencyRead read) {
        return database.sql("INSERT INTO emergency_read (patient, reader, record_id, read_at, window_until, window_tx)"
                        + " VALUES (:patient, :reader, :record, :at, :until, :tx)")
                .bind("patient", read.patient().toString())
                .bind("reader", read.reader().toString())
                .bind("record", read.record().toHex())
                .bind("at", utc(read.at()))
                .bind("until", read.windowUntil().getEpochSecond())
                .bind("tx", read.windowTransaction())
                .fetch().rowsUpdated().then();
    }

    @Override
    public Flux<EmergencyRead> of(EthAddress patient, int limit) {
        return database.sql("SELECT " + COLUMNS + " FROM emergency_read"
                        + " WHERE patient = :patient ORDER BY read_at DESC LIMIT :limit")
                .bind("patient", patient.toString())
                .bind("limit", limit)
                .map(EmergencyReadAdapter::emergencyRead)
                .all();
    }

    /** On the index {@code emergency_read_patient}; {@code read_at} is bound as the read log binds its own. */
    @Override
    public Flux<EmergencyRead> between(EthAddress patient, Instant from, Instant to) {
        return database.sql("SELECT " + COLUMNS + " FROM emergency_read"
                        + " WHERE patient = :patient AND read_at >= :from AND read_at <= :to")
                .bind("patient", patient.toString())
                .bind("from", utc(from))
                .bind("to", utc(to))
                .map(EmergencyReadAdapter::emergencyRead)
                .all();
    }

    private static final String COLUMNS = "reader, record_id, read_at, window_until, window_tx";

    private static EmergencyRead emergencyRead(Readable row) {
        return new EmergencyRead(RecordId.parse(row.get("record_id", String.class)),
                EthAddress.parse(row.get("reader", String.class)),
                instant(row.get("read_at", LocalDateTime.class)),
                Instant.ofEpochSecond(row.get("window_until", Long.class)),
                row.get("window_tx", String.class));
    }
}
