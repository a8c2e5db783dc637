package io.healthkey.backend.domain.index;

import java.util.Objects;

/** Where a log was emitted: its block (number and hash), its index in the block and its transaction. */
public record LogPosition(long blockNumber, int logIndex, String blockHash, String transactionHash) {

    public LogPosition {
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(transactionHash, "transactionHash");
    }
}
