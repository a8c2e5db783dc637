package io.healthkey.backend.application.notification;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Stores each notification (with its webhook deliveries) and hands it to the patient's streams open in this process.
 * A stream resuming with Last-Event-ID first reads the backlog, having already registered for live notifications,
 * so that nothing published in between is lost; ids at or below the last one sent are skipped. Ids increase, so a
 * stream without Last-Event-ID carries what is published from now on. A stream whose buffer overflows ends: its
 * client resumes with the last id it saw. A heartbeat opens every stream, so that its headers go out at once.
 */
public final class NotificationService implements NotifyPatientUseCase, NotificationStreamUseCase {

    private final NotificationStorePort store;
    private final NotificationPolicy policy;
    private final Clock clock;
    private final Scheduler timer;
    private final LiveNotifications live;

    /** With {@code timer} the scheduler heartbeats are timed on. */
    public NotificationService(NotificationStorePort store, NotificationPolicy policy, Clock clock, Scheduler timer) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.timer = timer;
        this.live = new LiveNotifications(policy.maxStreams());
    }

    @Override
    public Mono<Notification> notify(EthAddress patient, NotificationEvent event) {
        return Mono.defer(() -> store.append(patient, event, clock.instant(), policy.backlog()))
                .doOnNext(live::publish);
    }

    @Override
    public Flux<Frame> stream(EthAddress viewer, EthAddress patient, OptionalLong lastEventId) {
        if (!viewer.equals(patient)) {
            return Flux.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                    "only the patient may follow their notifications"));
        }
        return Flux.using(() -> live.open(patient), connection -> {
            AtomicLong lastSent = new AtomicLong(lastEventId.orElse(0));
            Flux<Notification> backlog = lastEventId.isPresent()
                    ? store.after(patient, lastEventId.getAsLong(), policy.backlog()) : Flux.empty();
            Sinks.Empty<Void> ended = Sinks.empty();
            Flux<Frame> notifications = Flux.concat(backlog, connection.notifications())
                    .filter(notification -> notification.id() > lastSent.get())
                    .doOnNext(notification -> lastSent.set(notification.id()))
                    .<Frame>map(Event::new)
                    .doOnTerminate(ended::tryEmitEmpty);
            Flux<Frame> heartbeats = Flux.interval(Duration.ZERO, policy.heartbeat(), timer)
                    .<Frame>map(tick -> new Heartbeat())
                    .takeUntilOther(ended.asMono());
            return Flux.merge(notifications, heartbeats);
        }, LiveNotifications.Connection::close);
    }

    /** How many streams {@code patient} has open in this process. */
    public int openStreams(EthAddress patient) {
        return live.openStreams(patient);
    }
}
