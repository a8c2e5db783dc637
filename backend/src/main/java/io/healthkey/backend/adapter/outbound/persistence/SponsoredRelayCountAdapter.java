package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.Instant;
import java.util.Set;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.SponsoredRelayCountPort;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.protocol.EthAddress;

/**
 * {@link SponsoredRelayCountPort} over the outbox's own table: every accepted request is a row there, whatever became
 * of it, so the count is durable and the same on every replica.
 */
@Component
class SponsoredRelayCountAdapter implements SponsoredRelayCountPort {

    private final DatabaseClient database;

    SponsoredRelayCountAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Long> countAccepted(EthAddress account, Set<RelayKind> kinds, Instant since) {
        return database.sql("""
                        SELECT COUNT(*) AS n FROM chain_request
                        WHERE account = :account AND accepted_at >= :since AND kind IN (:kinds)""")
                .bind("account", account.toString())
                .bind("since", utc(since))
                .bind("kinds", kinds.stream().map(RelayKind::name).sorted().toList())
                .map(row -> ((Number) row.get("n")).longValue())
                .one();
    }
}
