package io.healthkey.backend.application.access;

import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import reactor.core.publisher.Mono;

/** {@code ConsentRegistry.hasAccess} read from the chain: the answer a check falls back to when the index cannot. */
public interface AccessChainPort {

    /** Reads {@code hasAccess} at the latest block. */
    Mono<AccessDecision> hasAccess(AccessQuery query);
}
