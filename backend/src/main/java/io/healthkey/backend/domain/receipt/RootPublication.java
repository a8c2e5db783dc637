package io.healthkey.backend.domain.receipt;

import java.util.Objects;

/** The transaction that put a batch's root on chain. */
public record RootPublication(String transactionHash, long blockNumber) {

    public RootPublication {
        Objects.requireNonNull(transactionHash, "transactionHash");
    }
}
