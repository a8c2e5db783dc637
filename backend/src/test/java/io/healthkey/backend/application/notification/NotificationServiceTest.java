package io.healthkey.backend.application.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.healthkey.backend.adapter.outbound.persistence.NotificationStore;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.backend.domain.notification.NotificationType;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.protocol.EthAddress;

/** The stream on a migrated database: live events, resuming by Last-Event-ID, the bounds. */
class NotificationServiceTest {

    private static final EthAddress PATIENT = EthAddress.parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    private static final EthAddress OTHER = EthAddress.parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final NotificationPolicy POLICY = new NotificationPolicy(3, 2, Duration.ofSeconds(15), 5,
            new RetrySchedule(Duration.ofSeconds(10), Duration.ofMinutes(5), 4), 8, Duration.ofSeconds(2));

    private final NotificationStorePort store = NotificationStore.open(NotificationStore.newDatabaseName(), true)
            .notifications();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final NotificationService service = new NotificationService(store, POLICY, clock, Schedulers.parallel());

    @Test
    void aStreamResumingAfterLastEventIdGetsWhatItMissedThenWhatComesLive() {
        Notification first = notify(PATIENT, "1");
        Notification second = notify(PATIENT, "2");
        notify(OTHER, "not yours");

        StepVerifier.create(events(service.stream(PATIENT, PATIENT, OptionalLong.of(first.id()))))
                .assertNext(missed -> assertThat(missed).isEqualTo(second))
                .then(() -> notify(PATIENT, "3"))
                .assertNext(live -> assertThat(live.event().data()).containsEntry("requestId", "3"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aStreamWithoutLastEventIdGetsOnlyWhatComesFromNowOn() {
        notify(PATIENT, "before");

        StepVerifier.create(events(service.stream(PATIENT, PATIENT, OptionalLong.empty())))
                .then(() -> notify(PATIENT, "after"))
                .assertNext(live -> assertThat(live.event().data()).containsEntry("requestId", "after"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void theBacklogKeepsOnlyTheNewestNotifications() {
        Notification oldest = notify(PATIENT, "a");
        for (String id : new String[] {"b", "c", "d"}) {
            notify(PATIENT, id);
        }

        assertThat(store.after(PATIENT, 0, 10).map(n -> n.event().data().get("requestId")).collectList().block())
                .containsExactly("b", "c", "d");
        assertThat(store.after(PATIENT, oldest.id(), 10).count().block()).isEqualTo(3);
    }

    @Test
    void onlyThePatientMayFollowTheirNotifications() {
        StepVerifier.create(service.stream(OTHER, PATIENT, OptionalLong.empty()))
                .expectErrorSatisfies(e -> assertThat(((DomainException) e).errorCode())
                        .isEqualTo(ErrorCode.REQUEST_NOT_PATIENT))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aPatientMayHoldOnlySoManyStreamsAndClosingOneFreesItsPlace() {
        var first = service.stream(PATIENT, PATIENT, OptionalLong.empty()).subscribe();
        var second = service.stream(PATIENT, PATIENT, OptionalLong.empty()).subscribe();

        StepVerifier.create(service.stream(PATIENT, PATIENT, OptionalLong.empty()))
                .expectErrorSatisfies(e -> assertThat(((DomainException) e).errorCode())
                        .isEqualTo(ErrorCode.NOTIFY_TOO_MANY_STREAMS))
                .verify(Duration.ofSeconds(5));
        assertThat(service.openStreams(OTHER)).isZero();

        first.dispose();
        assertThat(service.openStreams(PATIENT)).isOne();
        var third = service.stream(PATIENT, PATIENT, OptionalLong.empty()).subscribe();
        assertThat(service.openStreams(PATIENT)).isEqualTo(2);
        second.dispose();
        third.dispose();
    }

    @Test
    void aStreamOpensWithAHeartbeatAndCarriesOneEachPeriodWhileIdle() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        NotificationService timed = new NotificationService(store, POLICY, clock, time);

        StepVerifier.withVirtualTime(() -> timed.stream(PATIENT, PATIENT, OptionalLong.empty()), () -> time, 8)
                .expectSubscription()
                .expectNextMatches(frame -> frame instanceof NotificationStreamUseCase.Heartbeat)
                .expectNoEvent(Duration.ofSeconds(14))
                .thenAwait(Duration.ofSeconds(1))
                .expectNextMatches(frame -> frame instanceof NotificationStreamUseCase.Heartbeat)
                .thenAwait(Duration.ofSeconds(15))
                .expectNextMatches(frame -> frame instanceof NotificationStreamUseCase.Heartbeat)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    private Notification notify(EthAddress patient, String requestId) {
        clock.now = clock.now.plusSeconds(1);
        return service.notify(patient, new NotificationEvent(NotificationType.EMERGENCY_REQUESTED,
                Map.of("requestId", requestId.replace(' ', '-')))).block();
    }

    private static Flux<Notification> events(Flux<NotificationStreamUseCase.Frame> frames) {
        return frames.ofType(NotificationStreamUseCase.Event.class).map(NotificationStreamUseCase.Event::notification);
    }
}
