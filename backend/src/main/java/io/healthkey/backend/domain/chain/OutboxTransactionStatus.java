package io.healthkey.backend.domain.chain;

/**
 * Where a relayer transaction (one nonce) is. PENDING: signed and broadcast, not in a block. MINED: in a block.
 * CONFIRMED: deep enough; final. ABANDONED: its nonce was used by a transaction that is not one of its attempts
 * (sent by someone else with the same key); final, its requests are sent again under a new nonce.
 */
public enum OutboxTransactionStatus {
    PENDING,
    MINED,
    CONFIRMED,
    ABANDONED
}
