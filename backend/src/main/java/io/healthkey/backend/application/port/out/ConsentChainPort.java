package io.healthkey.backend.application.port.out;

import java.math.BigInteger;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The consent registry on chain: reads, and the calls the outbox relays (simulated before they are accepted: a grant
 * the contract would reject fails with its decoded {@code DomainException} and costs no gas).
 */
public interface ConsentChainPort {

    /** The relayer's {@code grantBySig} call for {@code grant}: encoded only, for the outbox to send. */
    ChainCall grantCall(SignedGrant grant);

    /** The relayer's {@code revokeBySig} call for {@code revocation}. */
    ChainCall revocationCall(SignedRevocation revocation);

    /** Reads {@code hasAccess} at the latest block. */
    Mono<AccessDecision> hasAccess(AccessQuery query);

    /** The nonce the patient's next signed grant or revocation must carry. */
    Mono<BigInteger> nextNonce(EthAddress patient);

    EthAddress relayer();
}
