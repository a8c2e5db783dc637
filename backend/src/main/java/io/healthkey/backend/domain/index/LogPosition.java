package io.healthkey.backend.domain.index;

import java.util.Objects;

/**
 * Where a log was emitted: its block (number, hash and timestamp), its index in the block and its transaction.
 *
 * @param blockTime the block's timestamp, seconds since the epoch: when the event took effect on chain
 */
public record LogPosition(long blockNumber, int logIndex, String blockHash, String transactionHash, long blockTime) {

    public LogPosition {
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(transactionHash, "transactionHash");
    }
}
