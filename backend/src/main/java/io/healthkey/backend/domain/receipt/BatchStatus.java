package io.healthkey.backend.domain.receipt;

/** Where a batch of read receipts stands: its root stored here, then seen on chain. */
public enum BatchStatus {
    /** Root and receipts stored; the root is not known to be on chain yet. */
    PREPARED,
    /** Its root is in the transaction outbox (an {@code AUDIT_ROOT} request) and not yet seen mined. */
    SUBMITTED,
    /** The chain holds this root under this batch number. */
    PUBLISHED
}
