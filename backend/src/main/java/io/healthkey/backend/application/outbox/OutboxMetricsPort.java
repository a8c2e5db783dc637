package io.healthkey.backend.application.outbox;

import java.time.Duration;
import java.util.Map;

import io.healthkey.backend.domain.chain.ChainRequestStatus;

/** What the outbox reports to monitoring. */
public interface OutboxMetricsPort {

    /** A request reached CONFIRMED {@code sinceAccepted} after it was accepted. */
    void confirmed(Duration sinceAccepted);

    /** A request FAILED with {@code code}. */
    void failed(String code);

    /** How many requests are in each status now (refreshed about once a second by the outbox runner). */
    void depth(Map<ChainRequestStatus, Long> counts);

    OutboxMetricsPort NONE = new OutboxMetricsPort() {
        @Override
        public void confirmed(Duration sinceAccepted) {
        }

        @Override
        public void failed(String code) {
        }

        @Override
        public void depth(Map<ChainRequestStatus, Long> counts) {
        }
    };
}
