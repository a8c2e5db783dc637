package io.healthkey.backend.adapter.outbound.persistence;

import java.util.Optional;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.receipts.ReadIdSequencePort;

/**
 * {@link ReadIdSequencePort} on the identity column {@code record_read.id} (V3). {@code ALTER TABLE ... ALTER COLUMN
 * ... RESTART WITH} is the SQL standard's form, which H2 and PostgreSQL both accept for identity columns.
 */
@Component
class ReadIdSequenceAdapter implements ReadIdSequencePort {

    private final DatabaseClient database;

    ReadIdSequenceAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Long> highestReadId() {
        return database.sql("SELECT MAX(id) AS highest FROM record_read")
                .map(row -> Optional.ofNullable(row.get("highest", Long.class)).orElse(0L))
                .one()
                .defaultIfEmpty(0L);
    }

    @Override
    public Mono<Void> restartAt(long nextId) {
        if (nextId < 1) {
            return Mono.error(new IllegalArgumentException("read ids start at 1: " + nextId));
        }
        // DDL takes no bind parameters; nextId is a long, never text from a request.
        return database.sql("ALTER TABLE record_read ALTER COLUMN id RESTART WITH " + nextId).then();
    }
}
