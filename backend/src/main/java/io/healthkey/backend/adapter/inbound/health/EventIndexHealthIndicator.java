package io.healthkey.backend.adapter.inbound.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.config.IndexProperties;
import io.healthkey.backend.domain.index.IndexStatus;
import io.healthkey.backend.domain.index.IndexedBlock;

/**
 * DOWN when the event index is more than {@code healthkey.index.max-lag} blocks behind the newest head seen, or when
 * its last poll failed (the failure in {@code lastFailure}): a failing index vouches for nothing.
 */
@Component("eventIndex")
class EventIndexHealthIndicator implements HealthIndicator {

    private final EventIndexer indexer;
    private final IndexProperties properties;

    EventIndexHealthIndicator(EventIndexer indexer, IndexProperties properties) {
        this.indexer = indexer;
        this.properties = properties;
    }

    @Override
    public Health health() {
        IndexStatus status = indexer.status();
        // disabled: every check asks the chain, which the chain component's health covers
        boolean failing = status.lag() > properties.maxLag() || status.lastFailure().isPresent();
        Health.Builder health = properties.enabled() && failing ? Health.down() : Health.up();
        health.withDetail("enabled", properties.enabled())
                .withDetail("head", status.head())
                .withDetail("indexedBlock", status.cursor().map(IndexedBlock::number).orElse(-1L))
                .withDetail("lag", status.lag())
                .withDetail("maxLag", properties.maxLag())
                .withDetail("reorgs", status.reorgs());
        status.lastFailure().ifPresent(failure -> health.withDetail("lastFailure", failure));
        return health.build();
    }
}
