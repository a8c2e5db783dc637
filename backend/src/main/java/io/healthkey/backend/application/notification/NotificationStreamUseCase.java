package io.healthkey.backend.application.notification;

import java.util.OptionalLong;

import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/** A signed-in patient's live notifications. */
public interface NotificationStreamUseCase {

    /** What a stream carries: a notification, or a heartbeat that keeps idle connections (and proxies) open. */
    sealed interface Frame {
    }

    record Event(Notification notification) implements Frame {
    }

    record Heartbeat() implements Frame {
    }

    /**
     * {@code patient}'s notifications from now on, as long as the subscriber stays; with {@code lastEventId}, first
     * those after it that the backlog still holds. Fails with REQUEST-0007 for anyone but the patient, NOTIFY-0007
     * when the patient already has as many streams open as allowed.
     */
    Flux<Frame> stream(EthAddress viewer, EthAddress patient, OptionalLong lastEventId);
}
