package io.healthkey.backend.domain.index;

import java.time.Duration;
import java.util.Objects;

/**
 * How the event index follows the chain.
 *
 * @param startBlock the deployment's first block: nothing before it is read
 * @param confirmations blocks on top of a grant before access checks count it
 * @param window recent blocks whose hashes are kept: the deepest reorg the index can follow
 * @param initialRange first {@code eth_getLogs} range in blocks; it halves when the node refuses, grows when sparse
 * @param maxRange largest range
 * @param freshness how old the newest head seen may be for the index to answer checks
 * @param doubtSeconds expiries this close to the head's time are checked on chain
 */
public record IndexSettings(long startBlock, long confirmations, int window, int initialRange, int maxRange,
        Duration freshness, long doubtSeconds) {

    public IndexSettings {
        Objects.requireNonNull(freshness, "freshness");
        if (startBlock < 0 || confirmations < 0 || doubtSeconds < 0) {
            throw new IllegalArgumentException("start block, confirmations and doubt must not be negative");
        }
        if (window < 1 || initialRange < 1 || maxRange < initialRange) {
            throw new IllegalArgumentException("window and ranges must be positive, maxRange >= initialRange");
        }
        if (confirmations >= window) {
            throw new IllegalArgumentException("confirmations must be below the reorg window");
        }
    }
}
