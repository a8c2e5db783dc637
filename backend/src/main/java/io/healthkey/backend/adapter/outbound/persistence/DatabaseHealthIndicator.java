package io.healthkey.backend.adapter.outbound.persistence;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** UP when the database answers a query on the schema Flyway created. */
@Component("database")
class DatabaseHealthIndicator implements ReactiveHealthIndicator {

    private final DatabaseClient database;

    DatabaseHealthIndicator(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Health> health() {
        return database.sql("SELECT COUNT(*) AS relayed FROM relayed_transaction")
                .map(row -> row.get("relayed", Long.class))
                .one()
                .map(relayed -> Health.up().withDetail("relayedTransactions", relayed).build())
                .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.getClass().getSimpleName()).build()));
    }
}
