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
 * @param deniedWindow how long one aggregate of a stranger's denied reads of one patient counts (docs/FORMAT.md)
 * @param settle how long a row of the read log waits, after its read or its window's end, before it is batched:
 *        a margin for a row that commits a little after its logged time
 */
@ConfigurationProperties("healthkey.receipts")
public record ReceiptProperties(
        @DefaultValue("1m") Duration batchInterval,
        @DefaultValue("1024") int maxLeaves,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration deniedWindow,
        @DefaultValue("5s") Duration settle) {

    public ReceiptProperties {
        if (batchInterval.isNegative() || batchInterval.isZero()) {
            throw new IllegalArgumentException("healthkey.receipts.batch-interval must be positive: " + batchInterval);
        }
        if (deniedWindow.toMillis() < 1 || deniedWindow.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("healthkey.receipts.denied-window must be 1 ms to 1 day: " + deniedWindow);
        }
        if (settle.isNegative()) {
            throw new IllegalArgumentException("healthkey.receipts.settle must not be negative: " + settle);
        }
        if (maxLeaves < 1 || maxLeaves > 65_536) {
            throw new IllegalArgumentException("healthkey.receipts.max-leaves must be 1 to 65536: " + maxLeaves);
        }
    }
}
