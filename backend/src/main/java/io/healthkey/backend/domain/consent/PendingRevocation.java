package io.healthkey.backend.domain.consent;

import java.util.Objects;
import java.util.OptionalLong;

import io.healthkey.backend.domain.index.ChainEvent.GrantKey;

/**
 * A revocation this service accepted whose request is not final, or mined so recently that the index may not hold
 * it yet: it denies the slot until the chain (or the index) that answers a check includes it.
 *
 * @param minedIn the block the outbox saw it mined in; empty while it is accepted or sent
 */
public record PendingRevocation(GrantKey key, OptionalLong minedIn) {

    public PendingRevocation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(minedIn, "minedIn");
    }

    /** Whether a view of the chain up to block {@code upTo} lacks it. */
    public boolean isMissingUpTo(long upTo) {
        return minedIn.isEmpty() || minedIn.getAsLong() > upTo;
    }
}
