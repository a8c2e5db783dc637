package io.healthkey.backend.application.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How the outbox sender works.
 *
 * @param maxInFlight how many relayer transactions may be pending at once (distinct, consecutive nonces)
 * @param confirmations how many blocks, counting the one that holds it, before a request is CONFIRMED; 1 on a
 *     local dev chain (no reorganisations), more on a public chain
 * @param stuckAfter how long a transaction may stay unmined before it is replaced with fees 12.5% higher
 * @param leaseTtl how long the sender's lease lasts unless renewed; another replica takes over after it
 * @param batchWindow how long an anchor waits for others to go out in the same batch transaction
 * @param maxBatch the most anchors in one batch transaction
 */
public record OutboxPolicy(int maxInFlight, int confirmations, Duration stuckAfter, Duration leaseTtl,
        Duration batchWindow, int maxBatch) {

    public OutboxPolicy {
        Objects.requireNonNull(stuckAfter, "stuckAfter");
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(batchWindow, "batchWindow");
        if (maxInFlight < 1 || confirmations < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("maxInFlight, confirmations and maxBatch are at least 1");
        }
    }
}
