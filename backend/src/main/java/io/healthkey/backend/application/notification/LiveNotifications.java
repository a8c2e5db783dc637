package io.healthkey.backend.application.notification;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The streams open in this process, per patient, each with its own bounded buffer: a stream that cannot keep up is
 * ended (its client resumes with Last-Event-ID) rather than slowing the publisher or the other streams.
 */
final class LiveNotifications {

    /** What one stream may have waiting before it is ended. */
    private static final int BUFFER = Queues.SMALL_BUFFER_SIZE;

    private final int maxPerPatient;
    private final ConcurrentHashMap<EthAddress, Set<Sinks.Many<Notification>>> open = new ConcurrentHashMap<>();

    LiveNotifications(int maxPerPatient) {
        this.maxPerPatient = maxPerPatient;
    }

    /** One stream's connection: what is published for its patient from now on, until {@link #close()}. */
    final class Connection {

        private final EthAddress patient;
        private final Sinks.Many<Notification> sink;

        private Connection(EthAddress patient, Sinks.Many<Notification> sink) {
            this.patient = patient;
            this.sink = sink;
        }

        Flux<Notification> notifications() {
            return sink.asFlux();
        }

        void close() {
            open.computeIfPresent(patient, (key, sinks) -> {
                sinks.remove(sink);
                return sinks.isEmpty() ? null : sinks;
            });
        }
    }

    /** Opens a stream for {@code patient}; NOTIFY-0007 if the patient has as many open as allowed. */
    Connection open(EthAddress patient) {
        Sinks.Many<Notification> sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<Notification>get(BUFFER).get());
        boolean[] added = {false};
        open.compute(patient, (key, sinks) -> {
            Set<Sinks.Many<Notification>> current = sinks == null ? ConcurrentHashMap.newKeySet() : sinks;
            if (current.size() < maxPerPatient) {
                added[0] = current.add(sink);
            }
            return current.isEmpty() ? null : current;
        });
        if (!added[0]) {
            throw new DomainException(ErrorCode.NOTIFY_TOO_MANY_STREAMS,
                    "this patient has " + maxPerPatient + " notification streams open already: close one first");
        }
        return new Connection(patient, sink);
    }

    void publish(Notification notification) {
        Set<Sinks.Many<Notification>> sinks = open.get(notification.patient());
        if (sinks != null) {
            for (Sinks.Many<Notification> sink : sinks) {
                if (sink.tryEmitNext(notification).isFailure()) {
                    sink.tryEmitComplete();
                }
            }
        }
    }

    int openStreams(EthAddress patient) {
        Set<Sinks.Many<Notification>> sinks = open.get(patient);
        return sinks == null ? 0 : sinks.size();
    }
}
