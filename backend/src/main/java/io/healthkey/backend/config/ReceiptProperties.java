package io.healthkey.backend.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Read receipt batching.
 *
 * @param batchInterval how often the batcher looks for reads in no batch (and for a batch left unpublished)
 * @param maxLeaves the most reads one batch holds; more wait for the next run
 * @param enabled whether the batcher runs on its own; off, nothing is published unless a caller asks
 */
@ConfigurationProperties("healthkey.receipts")
public record ReceiptProperties(
        @DefaultValue("1m") Duration batchInterval,
        @DefaultValue("1024") int maxLeaves,
        @DefaultValue("true") boolean enabled) {

    public ReceiptProperties {
        if (batchInterval.isNegative() || batchInterval.isZero()) {
            throw new IllegalArgumentException("healthkey.receipts.batch-interval must be positive: " + batchInterval);
        }
        if (maxLeaves < 1 || maxLeaves > 65_536) {
            throw new IllegalArgumentException("healthkey.receipts.max-leaves must be 1 to 65536: " + maxLeaves);
        }
    }
}
