package io.healthkey.backend.application.notification;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.protocol.EthAddress;

/** {@link NotifyPatientUseCase} in memory: what was told, in order; {@link #down} makes every notify fail. */
public final class RecordingNotifications implements NotifyPatientUseCase {

    public final List<Notification> told = new ArrayList<>();
    public boolean down;
    private final Clock clock;

    public RecordingNotifications(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Notification> notify(EthAddress patient, NotificationEvent event) {
        return down ? Mono.error(new IllegalStateException("database down")) : Mono.fromCallable(() -> {
            Notification notification = new Notification(told.size() + 1, patient, event, clock.instant());
            told.add(notification);
            return notification;
        });
    }
}
