package io.healthkey.backend.application.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.auth.EndedSessions;
import io.healthkey.backend.application.index.EventIndexStorePort;
import io.healthkey.backend.application.index.ForwardingEventIndexStore;
import io.healthkey.backend.application.notification.NotifyPatientUseCase;
import io.healthkey.backend.domain.account.IdentityRecoveryStep;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.backend.domain.notification.NotificationType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Acts on each recovery step of a passkey account once the event index has stored it: tells the patient at once
 * (a rotation scheduled by colluding guardians is what the patient must learn of in time to cancel), and when the
 * signer changed ({@code RecoveryExecuted}) ends every session of the account issued until then
 * ({@link EndedSessions}), the lost device's among them.
 *
 * <p>Only steps mined within {@code recent} are told, as for consent ({@code ConsentNotifications}). Every rotation
 * stored ends sessions, however old its block: a node that lagged behind may have let the old passkey sign in after
 * the rotation was mined, and an index rebuilt from the start costs each rotated account one sign-in. Sessions are
 * ended from the moment this process stores the rotation, by its own clock, never by the block's time (a chain's
 * clock may be ahead: a test chain's is moved days ahead). When the indexer resumes after a restart, the rotations
 * mined within a session's lifetime end the sessions issued until then, since the floors live in memory: a session
 * opened by the new signer before the restart must then sign in again. A notification that fails to store is logged
 * and lost; it never holds up or fails the index.
 */
public final class IdentityRecoveryWatch {

    private static final Logger log = LoggerFactory.getLogger(IdentityRecoveryWatch.class);

    private final NotifyPatientUseCase notifications;
    private final EndedSessions sessions;
    private final IdentityHistoryPort index;
    private final Clock clock;
    private final Duration recent;
    private volatile boolean resumed;

    public IdentityRecoveryWatch(NotifyPatientUseCase notifications, EndedSessions sessions, IdentityHistoryPort index,
            Clock clock, Duration recent) {
        this.notifications = notifications;
        this.sessions = sessions;
        this.index = index;
        this.clock = clock;
        this.recent = recent;
    }

    /** {@code store}, acting after each append; the indexer's first read of the cursor restores the ended sessions. */
    public EventIndexStorePort watching(EventIndexStorePort store) {
        return new ForwardingEventIndexStore(store) {
            @Override
            public Mono<IndexedBlock> cursor() {
                return resume().then(store.cursor());
            }

            @Override
            public Mono<Void> append(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor) {
                return store.append(recentBlocks, events, cursor).then(Mono.defer(() -> act(events)));
            }
        };
    }

    private Mono<Void> resume() {
        if (resumed) {
            return Mono.empty();
        }
        long since = clock.instant().minus(sessions.reach()).getEpochSecond();
        return index.rotatedSince(since).doOnNext(sessions::endAllOf).then(Mono.fromRunnable(() -> resumed = true));
    }

    private Mono<Void> act(List<ChainEvent> events) {
        Instant now = clock.instant();
        return Flux.fromIterable(events)
                .ofType(ChainEvent.AccountRecovery.class)
                .doOnNext(step -> {
                    if (step.step().rotatesSigner()) {
                        sessions.endAllOf(step.account());
                    }
                })
                .filter(step -> minedAfter(step, now.minus(recent)))
                .concatMap(step -> notifications.notify(step.account(), event(step))
                        .onErrorResume(RuntimeException.class, failure -> {
                            log.warn("notification of {} in transaction {} not stored: {}", step.name(),
                                    step.at().transactionHash(), failure.toString());
                            return Mono.empty();
                        }))
                .then();
    }

    private static boolean minedAfter(ChainEvent.AccountRecovery step, Instant instant) {
        return !Instant.ofEpochSecond(step.at().blockTime()).isBefore(instant);
    }

    /** What the patient is told: which step, the round, who and which key, until when, where on chain. */
    static NotificationEvent event(ChainEvent.AccountRecovery event) {
        IdentityRecoveryStep step = event.step();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("transaction", event.at().transactionHash());
        data.put("block", Long.toString(event.at().blockNumber()));
        if (step.kind() != IdentityRecoveryStep.Kind.DELAY_CHANGED) {
            data.put("round", Long.toString(step.round()));
        }
        step.guardian().ifPresent(guardian -> data.put("guardian", guardian.toString()));
        step.signer().ifPresent(signer -> {
            data.put("signerX", "0x" + signer.substring(2, 66));
            data.put("signerY", "0x" + signer.substring(66));
        });
        NotificationType type = switch (step.kind()) {
            case GUARDIANS_CHANGED -> {
                data.put("threshold", Long.toString(step.threshold()));
                data.put("guardianCount", Integer.toString(step.guardians().size()));
                yield NotificationType.IDENTITY_GUARDIANS_CHANGED;
            }
            case DELAY_CHANGED -> {
                data.put("delaySeconds", Long.toString(step.delaySeconds()));
                yield NotificationType.IDENTITY_RECOVERY_DELAY_CHANGED;
            }
            case APPROVED -> {
                data.put("approvals", Long.toString(step.approvals()));
                yield NotificationType.IDENTITY_RECOVERY_APPROVED;
            }
            case SCHEDULED -> {
                data.put("executableAt", Long.toString(step.executableAt()));
                yield NotificationType.IDENTITY_RECOVERY_SCHEDULED;
            }
            case EXECUTED -> NotificationType.IDENTITY_RECOVERY_EXECUTED;
            case CANCELLED -> NotificationType.IDENTITY_RECOVERY_CANCELLED;
        };
        return new NotificationEvent(type, data);
    }
}
