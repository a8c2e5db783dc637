package io.healthkey.backend.domain.chain;

/** How a node answered {@code eth_sendRawTransaction}, whatever its wording. */
public enum SendOutcome {
    /** In the node's pool now. */
    ACCEPTED,
    /** The node holds this very transaction already: as good as accepted. */
    ALREADY_KNOWN,
    /** The nonce is used: by one of our attempts (then it is mined) or by someone else's transaction. */
    NONCE_TOO_LOW,
    /** A lower nonce is missing at the node (a node that mines on arrival queues nothing): re-send after it. */
    NONCE_TOO_HIGH,
    /** Another transaction with this nonce is pending and pays as much or more. */
    REPLACEMENT_UNDERPRICED,
    /** Fees below what the node or the next block accepts; bump and retry. */
    UNDERPRICED,
    /** The relayer cannot pay; retry once it is funded. */
    INSUFFICIENT_FUNDS,
    /** The node did not answer. */
    UNAVAILABLE,
    /** Refused for another reason (reverted, malformed, gas cap): this transaction will never be accepted. */
    REJECTED;

    /** Whether the transaction is in the node's pool (or was mined) after this answer. */
    public boolean isInPool() {
        return this == ACCEPTED || this == ALREADY_KNOWN;
    }
}
