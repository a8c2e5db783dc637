package io.healthkey.backend.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.application.emergency.EmergencyAccessPort;
import io.healthkey.backend.application.emergency.EmergencyEventsPort;
import io.healthkey.backend.application.emergency.EmergencyKeyService;
import io.healthkey.backend.application.emergency.EmergencyReadService;
import io.healthkey.backend.application.emergency.EmergencyReadsPort;
import io.healthkey.backend.application.emergency.EmergencyReasons;
import io.healthkey.backend.application.emergency.EmergencyReviewService;
import io.healthkey.backend.application.emergency.EmergencyTransfersPort;
import io.healthkey.backend.application.emergency.EmergencyRelayService;
import io.healthkey.backend.application.index.ChainTime;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.application.record.EmergencyKeysPort;
import io.healthkey.backend.application.record.IndexedAnchors;
import io.healthkey.backend.application.record.LostRecordRecovery;
import io.healthkey.backend.application.record.ReadLogPort;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.application.recovery.CurrentKits;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.eip712.Eip712Domain;

/**
 * Wires emergency access (break-glass): its relays, in the {@code EmergencyAccess} domain of this chain; reads through
 * a window, into the one read log; the emergency kits and share transfers, in the recovery domain of guardian
 * recovery; the patient's review.
 */
@Configuration(proxyBeanMethods = false)
class EmergencyConfiguration {

    @Bean
    EmergencyReadService emergencyReadService(EmergencyEventsPort events, EmergencyAccessPort chain,
            ParticipantDirectoryPort directory, IndexedAnchors anchors, ContentStorePort content,
            RecordRepositoryPort records, ReadLogPort readLog, EmergencyReadsPort flags, LostRecordRecovery lost,
            Deployment deployment, Clock clock, EventIndexer indexer) {
        return new EmergencyReadService(events, chain, directory, anchors, content, records, readLog, flags,
                emergencyKits(records, lost, anchors, content, deployment), clock,
                ChainTime.following(indexer, clock));
    }

    @Bean
    EmergencyKeyService emergencyKeyService(RecordRepositoryPort records, LostRecordRecovery lost,
            IndexedAnchors anchors, ContentStorePort content, EmergencyEventsPort events,
            EmergencyTransfersPort transfers, ParticipantDirectoryPort directory, AccountSignaturePort accounts,
            Deployment deployment, Clock clock, EventIndexer indexer) {
        return new EmergencyKeyService(emergencyKits(records, lost, anchors, content, deployment), events, transfers,
                directory, accounts, Eip712Domain.recovery(deployment.chainId(), deployment.recordRegistry()), clock,
                ChainTime.following(indexer, clock));
    }

    /** The key of each patient's current emergency kit, which the patient may wrap record keys for. */
    @Bean
    EmergencyKeysPort emergencyKeys(RecordRepositoryPort records, LostRecordRecovery lost, IndexedAnchors anchors,
            ContentStorePort content, Deployment deployment) {
        CurrentKits kits = emergencyKits(records, lost, anchors, content, deployment);
        return patient -> kits.of(patient).map(current -> current.kit().patientPublicKey().address());
    }

    /** The current emergency kits (category 4099) of this chain: recovery kits' bytes, read as guardian recovery does. */
    private static CurrentKits emergencyKits(RecordRepositoryPort records, LostRecordRecovery lost,
            IndexedAnchors anchors, ContentStorePort content, Deployment deployment) {
        return new CurrentKits(records, lost, anchors, content, deployment.chainId(), Category.EMERGENCY_KIT);
    }

    @Bean
    EmergencyReviewService emergencyReviewService(EmergencyEventsPort events, EmergencyReadsPort reads,
            EmergencyReasons reasons) {
        return new EmergencyReviewService(events, reads, reasons);
    }

    @Bean
    EmergencyRelayService emergencyRelayService(EmergencyAccessPort chain, EmergencyReasons reasons,
            OutboxAcceptor outbox, AccountRelays accounts, ConsentProperties consent, Deployment deployment,
            Clock clock) {
        return new EmergencyRelayService(chain, reasons, outbox, accounts, consent.deadlines(), deployment.chainId(),
                clock);
    }
}
