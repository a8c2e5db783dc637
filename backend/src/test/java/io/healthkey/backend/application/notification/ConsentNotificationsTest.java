package io.healthkey.backend.application.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.index.EventIndexStorePort;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.backend.domain.notification.NotificationType;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

class ConsentNotificationsTest {

    private static final EthAddress PATIENT = EthAddress.parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    private static final EthAddress GRANTEE = EthAddress.parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final EthAddress REGISTRY = EthAddress.parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static final Bytes32 SCOPE = Bytes32.parse("0x" + "00".repeat(31) + "01");
    private static final IndexedBlock CURSOR = new IndexedBlock(10, "0x" + "aa".repeat(32), "0x" + "bb".repeat(32), 0);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final RecordingNotifications notifications = new RecordingNotifications(clock);
    private final List<Notification> told = notifications.told;
    private final List<List<ChainEvent>> appended = new ArrayList<>();
    private final EventIndexStorePort store = new ConsentNotifications(notifications, clock, Duration.ofHours(1))
            .watching(new RecordingStore());

    @Test
    void aStoredGrantAndRevocationAreToldToTheirPatientWithWhoWhatAndWhere() {
        store.append(List.of(), List.of(consent(false, clock.instant()), consent(true, clock.instant())), CURSOR)
                .block();

        assertThat(appended).hasSize(1);
        assertThat(told).extracting(n -> n.patient()).containsOnly(PATIENT);
        assertThat(told).extracting(n -> n.event().type())
                .containsExactly(NotificationType.CONSENT_GRANTED, NotificationType.CONSENT_REVOKED);
        NotificationEvent granted = told.get(0).event();
        assertThat(granted.data()).containsEntry("grantee", GRANTEE.toString()).containsEntry("scope", SCOPE.toHex())
                .containsEntry("purpose", "1").containsEntry("expiresAt", "2000000000")
                .containsEntry("transaction", "0x" + "cc".repeat(32));
        assertThat(told.get(1).event().data()).doesNotContainKeys("purpose", "expiresAt");
    }

    @Test
    void aGrantSignedByACaregiverIsToldAsTheCaregiversAct() {
        EthAddress parent = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
        var byParent = new ChainEvent.CaregiverConsent(new LogPosition(10, 1, "0x" + "aa".repeat(32),
                "0x" + "cc".repeat(32), clock.instant().getEpochSecond()), REGISTRY, parent,
                new ChainEvent.GrantKey(PATIENT, GRANTEE, SCOPE, 1), 2, false);

        store.append(List.of(), List.of(consent(false, clock.instant()), byParent), CURSOR).block();

        assertThat(told).extracting(n -> n.event().type())
                .containsExactly(NotificationType.CONSENT_GRANTED, NotificationType.CAREGIVER_ACTED);
        assertThat(told.get(1).patient()).isEqualTo(PATIENT);
        assertThat(told.get(1).event().data()).containsEntry("caregiver", parent.toString())
                .containsEntry("change", "granted").containsEntry("grantee", GRANTEE.toString())
                .containsEntry("transaction", "0x" + "cc".repeat(32));
    }

    @Test
    void eventsOfOldBlocksAreHistoryAndNotTold() {
        store.append(List.of(), List.of(consent(false, clock.instant().minus(Duration.ofHours(2)))), CURSOR).block();

        assertThat(appended).hasSize(1);
        assertThat(told).isEmpty();
    }

    @Test
    void aNotificationThatCannotBeStoredNeverFailsTheIndex() {
        notifications.down = true;

        store.append(List.of(), List.of(consent(false, clock.instant())), CURSOR).block();

        assertThat(appended).hasSize(1);
    }

    private static ChainEvent.Consent consent(boolean revoked, Instant blockTime) {
        return new ChainEvent.Consent(new LogPosition(10, 0, "0x" + "aa".repeat(32), "0x" + "cc".repeat(32),
                blockTime.getEpochSecond()), REGISTRY, new ChainEvent.GrantKey(PATIENT, GRANTEE, SCOPE, 0),
                revoked ? 0 : 1, revoked ? 0 : 2_000_000_000L, revoked);
    }

    /** Records appends; the rest is not used by the notifications. */
    private final class RecordingStore implements EventIndexStorePort {

        @Override
        public Mono<IndexedBlock> cursor() {
            return Mono.empty();
        }

        @Override
        public Mono<IndexedBlock> recentBlock(long number) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> append(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor) {
            return Mono.fromRunnable(() -> appended.add(events));
        }

        @Override
        public Mono<RemainingStates> rollbackTo(IndexedBlock ancestor) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> pruneBlocksBelow(long number) {
            return Mono.empty();
        }

        @Override
        public Flux<SlotState> grantHistory() {
            return Flux.empty();
        }

        @Override
        public Flux<ProviderChange> providerHistory() {
            return Flux.empty();
        }
    }
}
