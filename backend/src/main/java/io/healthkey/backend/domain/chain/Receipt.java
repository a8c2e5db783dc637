package io.healthkey.backend.domain.chain;

import java.util.Objects;

/** A transaction in a block: where, and whether it ran to the end ({@code succeeded}) or reverted. */
public record Receipt(MinedTransaction transaction, boolean succeeded) {

    public Receipt {
        Objects.requireNonNull(transaction, "transaction");
    }
}
