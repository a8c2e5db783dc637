package io.healthkey.backend.domain.receipt;

/** Where a batch of read receipts stands: its root stored here, then seen on chain. */
public enum BatchStatus {
    /** Root and receipts stored; the root is not known to be on chain yet. */
    PREPARED,
    /** The chain holds this root under this batch number. */
    PUBLISHED
}
