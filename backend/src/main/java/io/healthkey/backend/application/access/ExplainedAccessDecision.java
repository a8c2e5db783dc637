package io.healthkey.backend.application.access;

import io.healthkey.backend.domain.consent.AccessDecision;

/**
 * An access decision and what produced it, so that a test (or a log line) can tell the index's own answers from the
 * chain's without comparing projections on the side. The API answers the {@link #decision()} only.
 */
public record ExplainedAccessDecision(AccessDecision decision, AnsweredBy answeredBy) {

    /** Which source settled a check. */
    public enum AnsweredBy {
        /** The index's projections, by {@link io.healthkey.backend.domain.consent.AccessRule}, without the chain. */
        INDEX,
        /** A revocation accepted here and not yet in what answers: a denial whatever the index or chain says. */
        PENDING_REVOCATION,
        /** {@code hasAccess} by {@code eth_call}. */
        CHAIN,
        /** Neither the chain nor the pending revocations could be read: a denial at block -1. */
        UNAVAILABLE
    }
}
