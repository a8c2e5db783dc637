package io.healthkey.backend.domain.chain;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.EthAddress;

/** A transaction the relayer sent on behalf of {@code account}, as mined. */
public record RelayedTransaction(RelayKind kind, EthAddress account, MinedTransaction transaction, Instant relayedAt) {

    public RelayedTransaction {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(account);
        Objects.requireNonNull(transaction);
        Objects.requireNonNull(relayedAt);
    }
}
