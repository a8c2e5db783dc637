package io.healthkey.backend.config;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.adapter.inbound.schedule.OutboxRunner;
import io.healthkey.backend.adapter.inbound.schedule.OutboxSignal;
import io.healthkey.backend.adapter.inbound.schedule.SameChainOnly;
import io.healthkey.backend.adapter.outbound.fault.HaltAtStep;
import io.healthkey.backend.adapter.outbound.metrics.MicrometerOutboxMetrics;
import io.healthkey.backend.application.account.AccountRefusals;
import io.healthkey.backend.application.caregiver.CaregiverEffects;
import io.healthkey.backend.application.chainidentity.ChainIdentityUseCase;
import io.healthkey.backend.application.consent.ConsentService;
import io.healthkey.backend.application.emergency.EmergencyRelayService;
import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.outbox.CrashPointPort;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.outbox.OutboxSender;
import io.healthkey.backend.application.outbox.OutboxTransactionPort;
import io.healthkey.backend.application.outbox.RelayerAccountPort;
import io.healthkey.backend.application.outbox.RelaySponsorship;
import io.healthkey.backend.application.outbox.RelayerLeasePort;
import io.healthkey.backend.application.outbox.SignedMessagePort;
import io.healthkey.backend.application.outbox.SponsoredRelayCountPort;
import io.healthkey.backend.application.outbox.TransactionPort;
import io.healthkey.backend.application.receipts.ReadReceiptService;
import io.healthkey.backend.application.record.AnchorService;
import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SendStep;

/** Wires the transaction outbox: the accepting side every relay uses, and this replica's sender. */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    private static final int OWNER_LENGTH = 64;

    @Bean
    OutboxSignal outboxSignal() {
        return new OutboxSignal();
    }

    @Bean
    OutboxAcceptor outboxAcceptor(RelayerAccountPort chain, ChainRequestPort requests, TransactionPort database,
            Clock clock, OutboxSignal signal, SponsorshipProperties sponsorship, SponsoredRelayCountPort counts) {
        return new OutboxAcceptor(chain, requests, database, clock, signal::wake,
                new RelaySponsorship(sponsorship.policy(), counts, clock));
    }

    @Bean
    MicrometerOutboxMetrics outboxMetrics(MeterRegistry registry) {
        return new MicrometerOutboxMetrics(registry);
    }

    /** The outbox sender's own thread: its rounds, one at a time, and its synchronous calls to the node. */
    @Bean(destroyMethod = "dispose")
    Scheduler outboxScheduler() {
        return Schedulers.newSingle("outbox-sender", true);
    }

    @Bean
    OutboxSender outboxSender(RelayerAccountPort chain, SignedMessagePort messages, ChainRequestPort requests,
            OutboxTransactionPort transactions, RelayerLeasePort lease, TransactionPort database,
            ConsentService consent, AnchorService anchors, RecordRegistryPort records, ReadReceiptService receipts,
            AccountRefusals refusals, CaregiverEffects caregivers, OutboxProperties properties,
            MicrometerOutboxMetrics metrics, Clock clock,
            @Value("${healthkey.fault.halt-at:}") String haltAt, Scheduler outboxScheduler) {
        Map<RelayKind, ChainRequestEffects> effects = new EnumMap<>(Map.of(
                RelayKind.GRANT, refusals.refusingAfterSignatureFailures(consent.grantEffects()),
                RelayKind.REVOCATION, refusals.refusingAfterSignatureFailures(consent.revocationEffects()),
                RelayKind.NONCE_CANCELLATION, refusals.refusingAfterSignatureFailures(
                        consent.nonceCancellationEffects()),
                RelayKind.KEY_PUBLICATION, refusals.refusingAfterSignatureFailures(ChainRequestEffects.NONE),
                RelayKind.CAREGIVER_APPOINTMENT, refusals.refusingAfterSignatureFailures(
                        caregivers.appointmentEffects()),
                RelayKind.CAREGIVER_REVOCATION, refusals.refusingAfterSignatureFailures(
                        caregivers.revocationEffects()),
                RelayKind.ANCHOR, anchors, RelayKind.AUDIT_ROOT, receipts.rootEffects()));
        EmergencyRelayService.KINDS.forEach(kind -> effects.put(kind, kind == RelayKind.EMERGENCY_APPROVAL
                ? ChainRequestEffects.NONE : refusals.refusingAfterSignatureFailures(ChainRequestEffects.NONE)));
        return new OutboxSender(chain, messages, requests, transactions, lease, database, effects,
                records::anchorBatch, properties.policy(), metrics, clock, ownerId(), crashPoints(haltAt),
                outboxScheduler);
    }

    @Bean
    @ConditionalOnProperty(name = "healthkey.outbox.enabled", havingValue = "true", matchIfMissing = true)
    OutboxRunner outboxRunner(OutboxSender sender, ChainIdentityUseCase chainIdentity, OutboxSignal signal,
            OutboxProperties properties, ChainRequestPort requests, MicrometerOutboxMetrics metrics,
            Scheduler outboxScheduler) {
        return new OutboxRunner(SameChainOnly.outbox(chainIdentity, sender), signal, properties.pollInterval(),
                requests, metrics, outboxScheduler);
    }

    /**
     * Nothing in production; with {@code healthkey.fault.halt-at} (a {@link SendStep}, set only by the fault tests)
     * the process halts, as if killed with {@code kill -9}, when the sender reaches that step.
     */
    private static CrashPointPort crashPoints(String haltAt) {
        return haltAt.isBlank() ? CrashPointPort.NONE : new HaltAtStep(SendStep.valueOf(haltAt.strip()));
    }

    /** Names this replica in the lease: the JVM's pid@host and a random part, so that two never collide. */
    private static String ownerId() {
        String id = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        return id.length() <= OWNER_LENGTH ? id : id.substring(id.length() - OWNER_LENGTH);
    }
}
