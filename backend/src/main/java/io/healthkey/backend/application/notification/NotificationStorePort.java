package io.healthkey.backend.application.notification;

import java.time.Instant;

import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The per-patient notification backlog. */
public interface NotificationStorePort {

    /**
     * Stores {@code event} for {@code patient} with a new id, greater than every id given before, and in the same
     * database transaction a PENDING delivery due at once for each of the patient's webhook endpoints; then trims the
     * patient's backlog to its newest {@code keep} notifications (and any a pending delivery still needs).
     */
    Mono<Notification> append(EthAddress patient, NotificationEvent event, Instant at, int keep);

    /** {@code patient}'s notifications with an id above {@code afterId}, oldest first, at most {@code limit}. */
    Flux<Notification> after(EthAddress patient, long afterId, int limit);
}
