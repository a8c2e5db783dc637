package io.healthkey.backend.domain.consent;

/** The chain's answer to an {@link AccessQuery}, and the block it was read at. */
public record AccessDecision(AccessQuery query, boolean allowed, long blockNumber) {
}
