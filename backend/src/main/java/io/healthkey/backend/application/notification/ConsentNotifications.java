package io.healthkey.backend.application.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.index.EventIndexStorePort;
import io.healthkey.backend.application.index.ForwardingEventIndexStore;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.backend.domain.notification.NotificationType;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells a patient each grant and revocation of their records, and each emergency request and window opened on them
 * ({@link EmergencyNotifications}), once the event index has stored it: whoever relayed it, here or elsewhere. An {@link EventIndexStorePort} that does what the store it wraps does, then notifies. Events
 * from blocks older than {@code recent} are not told (an index rebuilt from the start block would otherwise replay
 * years of history to every patient). A notification that fails to store is logged and lost: it never holds up or
 * fails the index.
 */
public final class ConsentNotifications {

    private static final Logger log = LoggerFactory.getLogger(ConsentNotifications.class);

    private final NotifyPatientUseCase notifications;
    private final Clock clock;
    private final Duration recent;

    public ConsentNotifications(NotifyPatientUseCase notifications, Clock clock, Duration recent) {
        this.notifications = notifications;
        this.clock = clock;
        this.recent = recent;
    }

    /** {@code store}, notifying after each append. */
    public EventIndexStorePort watching(EventIndexStorePort store) {
        return new ForwardingEventIndexStore(store) {
            @Override
            public Mono<Void> append(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor) {
                return store.append(recentBlocks, events, cursor).then(Mono.defer(() -> tellPatients(events)));
            }
        };
    }

    private Mono<Void> tellPatients(List<ChainEvent> events) {
        Instant oldest = clock.instant().minus(recent);
        return Flux.fromIterable(events)
                .filter(event -> !Instant.ofEpochSecond(event.at().blockTime()).isBefore(oldest))
                .concatMap(event -> told(event).map(told -> notifications.notify(told.patient(), told.event())
                        .onErrorResume(RuntimeException.class, failure -> {
                            log.warn("notification of {} in transaction {} not stored: {}", event.name(),
                                    event.at().transactionHash(), failure.toString());
                            return Mono.empty();
                        })).orElse(Mono.empty()))
                .then();
    }

    /** What a patient is told of {@code event}, and which patient; empty for events no patient is told of. */
    private static Optional<EmergencyNotifications.Told> told(ChainEvent event) {
        if (event instanceof ChainEvent.Consent consent) {
            return Optional.of(new EmergencyNotifications.Told(consent.key().patient(), event(consent)));
        }
        if (event instanceof ChainEvent.CaregiverConsent byCaregiver) {
            return Optional.of(new EmergencyNotifications.Told(byCaregiver.key().patient(), event(byCaregiver)));
        }
        return event instanceof ChainEvent.Emergency emergency ? EmergencyNotifications.of(emergency)
                : Optional.empty();
    }

    /**
     * A grant or revocation a caregiver signed: the patient is told who acted, besides the {@code consent.granted}
     * or {@code consent.revoked} of the same transaction; nothing else.
     */
    static NotificationEvent event(ChainEvent.CaregiverConsent consent) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("caregiver", consent.caregiver().toString());
        data.put("change", consent.revoked() ? "revoked" : "granted");
        data.put("grantee", consent.key().grantee().toString());
        data.put("scope", consent.key().scope().toHex());
        data.put("action", Integer.toString(consent.key().action()));
        data.put("transaction", consent.at().transactionHash());
        data.put("block", Long.toString(consent.at().blockNumber()));
        return new NotificationEvent(NotificationType.CAREGIVER_ACTED, data);
    }

    /** What the patient is told: who, what scope and action, until when, and where on chain; nothing else. */
    static NotificationEvent event(ChainEvent.Consent consent) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("grantee", consent.key().grantee().toString());
        data.put("scope", consent.key().scope().toHex());
        data.put("action", Integer.toString(consent.key().action()));
        data.put("transaction", consent.at().transactionHash());
        data.put("block", Long.toString(consent.at().blockNumber()));
        if (!consent.revoked()) {
            data.put("purpose", Integer.toString(consent.purpose()));
            data.put("expiresAt", Long.toString(consent.expiresAt()));
        }
        return new NotificationEvent(consent.revoked() ? NotificationType.CONSENT_REVOKED
                : NotificationType.CONSENT_GRANTED, data);
    }
}
