package io.healthkey.backend.domain.chain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an on-chain request is. ACCEPTED: stored, not yet signed. SENT: signed with a relayer nonce and broadcast.
 * MINED: in a block, not yet final. CONFIRMED: the configured number of blocks deep; final. FAILED: final, with a
 * stable code.
 *
 * <p>A SENT request goes back to ACCEPTED when its nonce was used by a transaction not its own (nothing of it was
 * mined, so it is sent again); a MINED one goes back to SENT when a reorganisation drops its block. A MINED request
 * whose transaction reverted FAILS once that block is deep enough: until then the reorganisation that would undo
 * it may come.
 *
 * <p>A request that carries a signed message ends with that message, not with the relayer's transaction: anyone may
 * send the same message first, so a request not yet MINED, or mined as a revert, is CONFIRMED when its message is
 * final on chain in another transaction.
 */
public enum ChainRequestStatus {
    ACCEPTED,
    SENT,
    MINED,
    CONFIRMED,
    FAILED;

    /** Whether the request can no longer change. */
    public boolean isFinal() {
        return this == CONFIRMED || this == FAILED;
    }

    /** Whether a request may move from this status to {@code next}. */
    public boolean mayMoveTo(ChainRequestStatus next) {
        return successors().contains(next);
    }

    private Set<ChainRequestStatus> successors() {
        return switch (this) {
            case ACCEPTED -> EnumSet.of(SENT, FAILED);
            case SENT -> EnumSet.of(MINED, FAILED, ACCEPTED);
            case MINED -> EnumSet.of(CONFIRMED, FAILED, SENT);
            case CONFIRMED, FAILED -> EnumSet.noneOf(ChainRequestStatus.class);
        };
    }
}
