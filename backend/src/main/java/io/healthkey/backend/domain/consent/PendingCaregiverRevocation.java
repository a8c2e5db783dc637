package io.healthkey.backend.domain.consent;

import java.util.Objects;
import java.util.OptionalLong;

import io.healthkey.protocol.EthAddress;

/**
 * A caregiver revocation this service accepted whose request is not final, or mined so recently that what answers a
 * check may not hold it yet: until then it denies {@code caregiver} on {@code patient}'s records, and every grant the
 * caregiver made for the patient (the cascade the revocation ends on chain), as a {@link PendingRevocation} denies its
 * slot.
 *
 * @param minedIn the block the outbox saw it mined in; empty while it is accepted or sent
 */
public record PendingCaregiverRevocation(EthAddress patient, EthAddress caregiver, OptionalLong minedIn) {

    public PendingCaregiverRevocation {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(caregiver, "caregiver");
        Objects.requireNonNull(minedIn, "minedIn");
    }

    /** Whether a view of the chain up to block {@code upTo} lacks it. */
    public boolean isMissingUpTo(long upTo) {
        return minedIn.isEmpty() || minedIn.getAsLong() > upTo;
    }
}
