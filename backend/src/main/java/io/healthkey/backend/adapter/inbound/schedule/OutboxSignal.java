package io.healthkey.backend.adapter.inbound.schedule;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the outbox sender when a request is accepted, so that it does not wait for its next poll. */
public final class OutboxSignal {

    private final Semaphore permits = new Semaphore(0);

    public void wake() {
        permits.release();
    }

    /** Waits for a wake-up or {@code timeout}, whichever comes first; later wake-ups fold into this one. */
    public void await(Duration timeout) throws InterruptedException {
        permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        permits.drainPermits();
    }
}
