package io.healthkey.backend.application.consent;

import java.math.BigInteger;

import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** Reads consent state from the chain. */
public interface QueryConsentUseCase {

    Mono<AccessDecision> check(AccessQuery query);

    Mono<BigInteger> nextNonce(EthAddress patient);
}
