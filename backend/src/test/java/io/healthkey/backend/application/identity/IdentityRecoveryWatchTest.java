package io.healthkey.backend.application.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.healthkey.backend.application.auth.EndedSessions;
import io.healthkey.backend.application.index.EventIndexStorePort;
import io.healthkey.backend.application.index.InMemoryIndexStore;
import io.healthkey.backend.application.notification.RecordingNotifications;
import io.healthkey.backend.domain.account.IdentityRecoveryStep;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.backend.domain.notification.NotificationType;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.protocol.EthAddress;

/** Each stored step is told to the account's patient at once; a rotation ends the sessions issued until then. */
class IdentityRecoveryWatchTest {

    private static final EthAddress ACCOUNT = EthAddress.parse("0x" + "ac".repeat(20));
    private static final EthAddress GUARDIAN = EthAddress.parse("0x" + "6a".repeat(20));
    private static final String QX = "11".repeat(32);
    private static final String QY = "22".repeat(32);
    private static final String SIGNER = "0x" + QX + QY;
    private static final Duration SESSION_TTL = Duration.ofMinutes(15);
    private static final IndexedBlock CURSOR = new IndexedBlock(10, "0x" + "aa".repeat(32), "0x" + "bb".repeat(32), 0);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final RecordingNotifications notifications = new RecordingNotifications(clock);
    private final List<Notification> told = notifications.told;
    private final EndedSessions sessions = new EndedSessions(SESSION_TTL, clock);
    private final List<EthAddress> storedRotations = new ArrayList<>();
    private final List<Long> rotationQueries = new ArrayList<>();
    private final IdentityHistoryPort history = new IdentityHistoryPort() {
        @Override
        public Flux<ChainEvent.AccountRecovery> stepsOf(EthAddress account, int limit) {
            return Flux.empty();
        }

        @Override
        public Flux<EthAddress> rotatedSince(long blockTime) {
            rotationQueries.add(blockTime);
            return Flux.fromIterable(storedRotations);
        }
    };
    private final InMemoryIndexStore stored = new InMemoryIndexStore();
    private final EventIndexStorePort store = new IdentityRecoveryWatch(notifications, sessions, history, clock,
            Duration.ofHours(1)).watching(stored);

    @Test
    void aScheduledRotationIsToldToThePatientWithTheKeyAndWhenItMayExecute() {
        append(step(IdentityRecoveryStep.approved(3, GUARDIAN, SIGNER, 2), clock.instant()),
                step(IdentityRecoveryStep.scheduled(3, SIGNER, 1_796_000_000L), clock.instant()));

        assertThat(told).extracting(Notification::patient).containsOnly(ACCOUNT);
        assertThat(told).extracting(n -> n.event().type()).containsExactly(NotificationType.IDENTITY_RECOVERY_APPROVED,
                NotificationType.IDENTITY_RECOVERY_SCHEDULED);
        assertThat(told.get(0).event().data()).containsEntry("guardian", GUARDIAN.toString())
                .containsEntry("approvals", "2").containsEntry("round", "3");
        assertThat(told.get(1).event().data()).containsEntry("signerX", "0x" + QX).containsEntry("signerY", "0x" + QY)
                .containsEntry("executableAt", "1796000000").containsEntry("transaction", "0x" + "cc".repeat(32))
                .containsEntry("block", "10");
    }

    @Test
    void everyKindOfStepHasItsOwnType() {
        append(step(IdentityRecoveryStep.guardiansChanged(1, List.of(GUARDIAN), 1), clock.instant()),
                step(IdentityRecoveryStep.delayChanged(86_400), clock.instant()),
                step(IdentityRecoveryStep.cancelled(1), clock.instant()),
                step(IdentityRecoveryStep.executed(2, SIGNER), clock.instant()));

        assertThat(told).extracting(n -> n.event().type()).containsExactly(
                NotificationType.IDENTITY_GUARDIANS_CHANGED, NotificationType.IDENTITY_RECOVERY_DELAY_CHANGED,
                NotificationType.IDENTITY_RECOVERY_CANCELLED, NotificationType.IDENTITY_RECOVERY_EXECUTED);
        assertThat(told.get(0).event().data()).containsEntry("guardianCount", "1").containsEntry("threshold", "1");
        assertThat(told.get(1).event().data()).containsEntry("delaySeconds", "86400").doesNotContainKey("round");
    }

    @Test
    void anExecutedRotationEndsTheSessionsIssuedUntilItIsStoredAndNotLaterOnes() {
        Session before = session(clock.instant().minusSeconds(60));
        clock.now = clock.now.plusSeconds(1);

        append(step(IdentityRecoveryStep.executed(3, SIGNER), clock.instant().plus(Duration.ofDays(3))));
        clock.now = clock.now.plusSeconds(1);

        assertThat(sessions.hasEnded(before)).isTrue();
        assertThat(sessions.hasEnded(session(clock.instant()))).isFalse();
    }

    @Test
    void otherStepsEndNoSession() {
        Session open = session(clock.instant().minusSeconds(60));

        append(step(IdentityRecoveryStep.scheduled(3, SIGNER, 1_796_000_000L), clock.instant()),
                step(IdentityRecoveryStep.cancelled(3), clock.instant()));

        assertThat(sessions.hasEnded(open)).isFalse();
    }

    @Test
    void stepsOfOldBlocksAreHistoryYetAnOldRotationStoredNowStillEndsTheSessions() {
        Session open = session(clock.instant().minusSeconds(60));

        append(step(IdentityRecoveryStep.executed(3, SIGNER), clock.instant().minus(Duration.ofHours(2))));

        assertThat(told).isEmpty();
        assertThat(sessions.hasEnded(open)).as("a lagging node may have signed the old passkey in since").isTrue();
        assertThat(stored.events()).hasSize(1);
    }

    @Test
    void resumingEndsTheSessionsOfAccountsRotatedWithinASessionsLifetime() {
        storedRotations.add(ACCOUNT);
        Session before = session(clock.instant().minusSeconds(60));

        store.cursor().block();
        store.cursor().block();

        assertThat(sessions.hasEnded(before)).isTrue();
        assertThat(rotationQueries).containsExactly(clock.instant().minus(SESSION_TTL).getEpochSecond());
    }

    @Test
    void aNotificationThatCannotBeStoredNeverFailsTheIndexNorKeepsASessionOpen() {
        notifications.down = true;
        Session before = session(clock.instant().minusSeconds(60));

        append(step(IdentityRecoveryStep.executed(3, SIGNER), clock.instant()));

        assertThat(stored.events()).hasSize(1);
        assertThat(sessions.hasEnded(before)).isTrue();
    }

    private void append(ChainEvent... events) {
        store.append(List.of(), List.of(events), CURSOR).block();
    }

    private static Session session(Instant issuedAt) {
        return new Session("s", ACCOUNT, issuedAt, issuedAt.plus(SESSION_TTL));
    }

    private static ChainEvent.AccountRecovery step(IdentityRecoveryStep step, Instant blockTime) {
        return new ChainEvent.AccountRecovery(new LogPosition(10, 0, "0x" + "aa".repeat(32), "0x" + "cc".repeat(32),
                blockTime.getEpochSecond()), ACCOUNT, step);
    }
}
