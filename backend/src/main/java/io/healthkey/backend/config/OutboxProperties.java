package io.healthkey.backend.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.healthkey.backend.application.outbox.OutboxPolicy;

/**
 * How the transaction outbox sends ({@code healthkey.outbox.*}).
 *
 * @param pollInterval how often the sender looks for receipts and new requests (it is also woken by each new one)
 * @param maxInFlight relayer transactions pending at once
 * @param confirmations blocks, counting the one holding it, before a request is CONFIRMED. 1 suits a local dev
 *     chain, which never reorganises; use 12 or more on a public chain
 * @param stuckAfter how long a transaction may stay unmined before it is replaced with higher fees
 * @param leaseTtl how long a replica holds the relayer's lease without renewing it; another takes over after
 * @param batchWindow how long an anchor waits for others to share its batch transaction
 * @param maxBatch anchors per batch transaction
 * @param enabled whether this replica runs a sender at all
 */
@ConfigurationProperties("healthkey.outbox")
public record OutboxProperties(
        @DefaultValue("50ms") Duration pollInterval,
        @DefaultValue("16") int maxInFlight,
        @DefaultValue("1") int confirmations,
        @DefaultValue("30s") Duration stuckAfter,
        @DefaultValue("10s") Duration leaseTtl,
        @DefaultValue("200ms") Duration batchWindow,
        @DefaultValue("20") int maxBatch,
        @DefaultValue("true") boolean enabled) {

    OutboxPolicy policy() {
        return new OutboxPolicy(maxInFlight, confirmations, stuckAfter, leaseTtl, batchWindow, maxBatch);
    }
}
