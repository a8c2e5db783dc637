package io.healthkey.backend.domain.chain;

/**
 * The places in sending a relayer transaction where a crash leaves different traces behind; the fault tests stop
 * the backend at each to prove that the outbox recovers from all of them.
 */
public enum SendStep {
    /** Signed with a nonce, nothing stored yet: the nonce is still free. */
    AFTER_SIGN,
    /** The signed transaction and its nonce are committed; nothing is broadcast yet. */
    AFTER_COMMIT,
    /** Broadcast, its receipt not looked for yet. */
    AFTER_BROADCAST,
    /** A receipt was found, not recorded yet. */
    BEFORE_RECEIPT
}
