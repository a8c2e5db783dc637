package io.healthkey.backend.application.port.out;

import java.time.Duration;

/** What the outbox reports to monitoring. */
public interface OutboxMetricsPort {

    /** A request reached CONFIRMED {@code sinceAccepted} after it was accepted. */
    void confirmed(Duration sinceAccepted);

    /** A request FAILED with {@code code}. */
    void failed(String code);

    OutboxMetricsPort NONE = new OutboxMetricsPort() {
        @Override
        public void confirmed(Duration sinceAccepted) {
        }

        @Override
        public void failed(String code) {
        }
    };
}
