package io.healthkey.backend.config;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.healthkey.backend.adapter.inbound.schedule.FixedDelaySchedule;
import io.healthkey.backend.adapter.inbound.schedule.SameChainOnly;
import io.healthkey.backend.application.access.IndexedAccessCheck;
import io.healthkey.backend.application.chainidentity.ChainIdentityUseCase;
import io.healthkey.backend.application.access.PendingRevocationPort;
import io.healthkey.backend.application.access.PendingRevocations;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.identity.IdentityRecoveryWatch;
import io.healthkey.backend.application.index.AccountEventGate;
import io.healthkey.backend.application.index.CaregiverIndexPort;
import io.healthkey.backend.application.index.CaregiverPairs;
import io.healthkey.backend.application.index.ChainEventSourcePort;
import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexStorePort;
import io.healthkey.backend.application.notification.ConsentNotifications;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.application.index.IndexLookups;
import io.healthkey.backend.application.index.IndexProjections;
import io.healthkey.backend.application.record.IndexedAnchors;
import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.network.Deployment;

/** The event index: the indexer and its polling, the checks that read it, the pending revocations' refresh. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IndexProperties.class)
class IndexConfiguration {

    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    CaregiverPairs caregiverPairs(CaregiverIndexPort stored) {
        return new CaregiverPairs(stored);
    }

    @Bean
    IndexProjections indexProjections(CaregiverPairs caregivers) {
        return new IndexProjections(caregivers);
    }

    @Bean
    EventIndexer eventIndexer(ChainEventSourcePort chain, EventIndexStorePort store, IndexProjections projections,
            Deployment deployment, IndexProperties properties, Clock clock, ConsentNotifications notifications,
            AccountEventGate accounts, IdentityRecoveryWatch identity) {
        var settings = new IndexSettings(deployment.startBlock(), properties.confirmations(), properties.window(),
                properties.initialRange(), properties.maxRange(), properties.freshness(),
                properties.doubt().toSeconds());
        return new EventIndexer(chain, accounts.guarding(identity.watching(notifications.watching(store))), projections,
                settings, clock);
    }

    @Bean
    IndexLookups indexLookups(IndexProjections projections, EventIndexQueryPort stored) {
        return new IndexLookups(projections, stored);
    }

    /**
     * Mined revocations are read while the index may not hold them: within the reorg window below the newest head
     * seen (the index answers only when it holds that head). Without the index, checks ask the chain, which holds
     * every mined one: only those not mined are read.
     */
    @Bean
    PendingRevocations pendingRevocations(PendingRevocationPort outbox, EventIndexer indexer, Clock clock,
            IndexProperties properties) {
        return new PendingRevocations(outbox, clock, properties.pendingRefresh(), () -> properties.enabled()
                ? Math.max(-1, indexer.status().head() - indexer.settings().window()) : Long.MAX_VALUE);
    }

    @Bean
    IndexedAccessCheck indexedAccessCheck(EventIndexer indexer, IndexLookups index, PendingRevocations revocations,
            ConsentRegistryPort chain, CaregiverPairs caregivers, CaregiverIndexPort caregiverEvents, Clock clock) {
        return new IndexedAccessCheck(indexer, index, revocations, chain, caregivers, caregiverEvents, clock);
    }

    @Bean
    IndexedAnchors indexedAnchors(EventIndexer indexer, EventIndexQueryPort index, RecordRegistryPort chain,
            Clock clock) {
        return new IndexedAnchors(indexer, index, chain, clock);
    }

    @Bean
    FixedDelaySchedule eventIndexPolling(EventIndexer indexer, ChainIdentityUseCase chainIdentity,
            IndexProperties properties) {
        return new FixedDelaySchedule("event-index-poll", SameChainOnly.task(chainIdentity, indexer::poll),
                properties.enabled() ? properties.pollInterval() : Duration.ZERO);
    }

    /**
     * Also with the index disabled: checks that ask the chain still count revocations accepted and not mined. A
     * failed refresh leaves the copy to age: checks then read the database themselves.
     */
    @Bean
    FixedDelaySchedule pendingRevocationRefresh(PendingRevocations revocations, IndexProperties properties) {
        return new FixedDelaySchedule("pending-revocations", () -> revocations.refresh().timeout(REFRESH_TIMEOUT),
                properties.pendingRefresh());
    }
}
