package io.healthkey.backend.adapter.inbound.schedule;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/** Wakes the outbox sender when a request is accepted, so that it does not wait for its next poll. */
public final class OutboxSignal {

    private final AtomicReference<Sinks.Empty<Void>> nextWakeUp = new AtomicReference<>(Sinks.empty());

    public void wake() {
        nextWakeUp.get().tryEmitEmpty();
    }

    /**
     * Completes at a wake-up or after {@code timeout} on {@code timer}, whichever comes first. A wake-up since the
     * last wait ended completes it at once; later wake-ups fold into this one. A fresh wake-up is armed before this
     * wait completes: the round it lets start never finds this wake-up again.
     */
    public Mono<Void> next(Duration timeout, Scheduler timer) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> awaited = nextWakeUp.get();
            return awaited.asMono().timeout(timeout, Mono.empty(), timer)
                    .doOnTerminate(() -> nextWakeUp.compareAndSet(awaited, Sinks.empty()));
        });
    }
}
