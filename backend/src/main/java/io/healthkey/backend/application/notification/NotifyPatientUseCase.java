package io.healthkey.backend.application.notification;

import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * Tells a patient that something happened: on their open notification streams at once, and on each webhook endpoint
 * they registered (durably: a delivery survives a restart and is retried). Completes once the notification and its
 * deliveries are stored, not once they are delivered: a slow endpoint never holds up the caller.
 */
public interface NotifyPatientUseCase {

    Mono<Notification> notify(EthAddress patient, NotificationEvent event);
}
