package io.healthkey.backend.domain.auth;

/** What happened when a sign-in nonce was spent. Only {@link #CONSUMED} lets the sign-in go on. */
public enum NonceConsumption {
    /** It was issued, unexpired and unused; it is now used. */
    CONSUMED,
    /** It was never issued here, or it expired and was purged. */
    UNKNOWN,
    /** It was used before: the message is a replay. */
    ALREADY_USED,
    /** It was issued but its time to live has passed. */
    EXPIRED
}
