package io.healthkey.backend.domain.receipt;

import java.util.Objects;

import io.healthkey.protocol.receipt.ReadReceipt;

/** A read's receipt as it was hashed into batch {@code batchNumber}. */
public record BatchedReceipt(ReadReceipt receipt, long batchNumber) {

    public BatchedReceipt {
        Objects.requireNonNull(receipt, "receipt");
    }
}
