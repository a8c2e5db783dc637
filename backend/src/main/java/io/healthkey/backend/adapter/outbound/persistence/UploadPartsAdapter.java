package io.healthkey.backend.adapter.outbound.persistence;

import java.time.Instant;
import java.time.LocalDateTime;

import io.r2dbc.spi.Readable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.record.UploadPart;
import io.healthkey.backend.application.record.UploadPartsPort;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/** {@link UploadPartsPort} on R2DBC: table {@code upload_part} (V21), one row per stored part. */
@Component
class UploadPartsAdapter implements UploadPartsPort {

    private static final String COLUMNS = """
            p.record_id, p.part_number, p.first_byte, p.byte_length, p.envelope_length, p.sha256, p.part_cid,
            p.stored_at""";

    private final DatabaseClient database;

    UploadPartsAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Boolean> add(UploadPart part) {
        return database.sql("""
                        INSERT INTO upload_part (record_id, part_number, first_byte, byte_length, envelope_length,
                            sha256, part_cid, stored_at)
                        VALUES (:record, :number, :offset, :length, :envelope, :sha256, :cid, :storedAt)""")
                .bind("record", part.record().toHex())
                .bind("number", part.number())
                .bind("offset", part.offset())
                .bind("length", part.length())
                .bind("envelope", part.envelopeLength())
                .bind("sha256", part.sha256().toHex())
                .bind("cid", part.node().toString())
                .bind("storedAt", Timestamps.utc(part.storedAt()))
                .fetch().rowsUpdated()
                .thenReturn(true)
                .onErrorResume(DataIntegrityViolationException.class, taken -> Mono.just(false));
    }

    @Override
    public Flux<UploadPart> partsOf(RecordId record) {
        return database.sql("SELECT " + COLUMNS + " FROM upload_part p WHERE p.record_id = :record "
                        + "ORDER BY p.part_number")
                .bind("record", record.toHex())
                .map(UploadPartsAdapter::part)
                .all();
    }

    @Override
    public Flux<UploadPart> abandoned(Instant now) {
        return database.sql("SELECT " + COLUMNS + """
                         FROM upload_part p LEFT JOIN record_version v ON v.record_id = p.record_id
                        WHERE v.record_id IS NULL OR v.status <> 'RESERVED' OR v.expires_at <= :now
                        ORDER BY p.record_id, p.part_number""")
                .bind("now", Timestamps.utc(now))
                .map(UploadPartsAdapter::part)
                .all();
    }

    @Override
    public Mono<Void> remove(UploadPart part) {
        return database.sql("DELETE FROM upload_part WHERE record_id = :record AND part_number = :number")
                .bind("record", part.record().toHex())
                .bind("number", part.number())
                .fetch().rowsUpdated().then();
    }

    private static UploadPart part(Readable row) {
        return new UploadPart(RecordId.parse(row.get("record_id", String.class)),
                row.get("part_number", Integer.class), row.get("first_byte", Long.class),
                row.get("byte_length", Long.class), row.get("envelope_length", Long.class),
                Bytes32.parse(row.get("sha256", String.class)), Cid.parse(row.get("part_cid", String.class)),
                Timestamps.instant(row.get("stored_at", LocalDateTime.class)));
    }
}
