package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.Duration;
import java.time.Instant;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.RelayerLeasePort;
import io.healthkey.protocol.EthAddress;

/**
 * {@link RelayerLeasePort} as one row per relayer, taken or renewed by a conditional UPDATE: the database
 * decides between two replicas racing for it. The first holder ever inserts the row; a racing insert loses on
 * the primary key.
 */
@Component
class RelayerLeaseAdapter implements RelayerLeasePort {

    private final DatabaseClient database;

    RelayerLeaseAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Boolean> acquire(EthAddress relayer, String owner, Instant now, Duration ttl) {
        return database.sql("""
                        UPDATE relayer_lease SET owner = :owner, expires_at = :expiresAt
                        WHERE relayer = :relayer AND (owner = :owner OR expires_at <= :now)""")
                .bind("relayer", relayer.toString())
                .bind("owner", owner)
                .bind("now", utc(now))
                .bind("expiresAt", utc(now.plus(ttl)))
                .fetch().rowsUpdated()
                .flatMap(rows -> rows > 0 ? Mono.just(true) : insert(relayer, owner, now.plus(ttl)));
    }

    private Mono<Boolean> insert(EthAddress relayer, String owner, Instant expiresAt) {
        return database.sql("INSERT INTO relayer_lease (relayer, owner, expires_at) "
                        + "SELECT :relayer, :owner, :expiresAt WHERE NOT EXISTS "
                        + "(SELECT 1 FROM relayer_lease WHERE relayer = :relayer)")
                .bind("relayer", relayer.toString())
                .bind("owner", owner)
                .bind("expiresAt", utc(expiresAt))
                .fetch().rowsUpdated()
                .map(rows -> rows > 0)
                .onErrorResume(DataIntegrityViolationException.class, raced -> Mono.just(false));
    }

    @Override
    public Mono<Void> release(EthAddress relayer, String owner) {
        return database.sql("DELETE FROM relayer_lease WHERE relayer = :relayer AND owner = :owner")
                .bind("relayer", relayer.toString()).bind("owner", owner)
                .then();
    }
}
