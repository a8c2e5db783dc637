package io.healthkey.backend.domain.receipt;

import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.Bytes32;

/**
 * One batch of read receipts: its number on chain (1, 2, 3, ...), the Merkle root of its leaves, and the range
 * of read ids it holds.
 *
 * @param publication the transaction that published the root, once {@link BatchStatus#PUBLISHED} and known
 */
public record ReceiptBatch(long number, Bytes32 root, int leafCount, long firstReadId, long lastReadId,
        BatchStatus status, Optional<RootPublication> publication) {

    public ReceiptBatch {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(publication, "publication");
        if (number < 1 || leafCount < 1 || firstReadId > lastReadId) {
            throw new IllegalArgumentException("not a batch: " + number + ", " + leafCount + " leaves, read ids "
                    + firstReadId + ".." + lastReadId);
        }
    }

    public boolean isPublished() {
        return status == BatchStatus.PUBLISHED;
    }

    public ReceiptBatch submitted() {
        return new ReceiptBatch(number, root, leafCount, firstReadId, lastReadId, BatchStatus.SUBMITTED,
                Optional.empty());
    }

    public ReceiptBatch published(RootPublication by) {
        return new ReceiptBatch(number, root, leafCount, firstReadId, lastReadId, BatchStatus.PUBLISHED,
                Optional.of(by));
    }
}
