package io.healthkey.backend.application.chainidentity;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the node's chain is the one this database describes, as last checked.
 *
 * @param problem why not, or why it could not be told, in words for an operator; empty when it is the same chain
 */
public record ChainIdentityVerdict(State state, Optional<String> problem, Instant checkedAt) {

    public enum State {
        /** Not checked yet, or the node did not answer the last check. */
        UNKNOWN,
        /** The node's chain is the database's. */
        SAME,
        /** The node's chain is another one: nothing may be relayed or indexed against it. */
        OTHER
    }

    static ChainIdentityVerdict unknown(String why, Instant at) {
        return new ChainIdentityVerdict(State.UNKNOWN, Optional.of(why), at);
    }

    static ChainIdentityVerdict same(Instant at) {
        return new ChainIdentityVerdict(State.SAME, Optional.empty(), at);
    }

    static ChainIdentityVerdict other(String why, Instant at) {
        return new ChainIdentityVerdict(State.OTHER, Optional.of(why), at);
    }

    public boolean isSameChain() {
        return state == State.SAME;
    }
}
