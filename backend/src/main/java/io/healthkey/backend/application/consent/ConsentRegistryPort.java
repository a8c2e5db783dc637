package io.healthkey.backend.application.consent;

import java.math.BigInteger;

import io.healthkey.backend.application.access.AccessChainPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedNonceCancellation;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The consent registry on chain: reads, and the calls the outbox relays (simulated before they are accepted: a grant
 * the contract would reject fails with its decoded {@code DomainException} and costs no gas).
 */
public interface ConsentRegistryPort extends AccessChainPort {

    /** The relayer's {@code grantBySig} call for {@code grant}: encoded only, for the outbox to send. */
    ChainCall grantCall(SignedGrant grant);

    /** The relayer's {@code revokeBySig} call for {@code revocation}. */
    ChainCall revocationCall(SignedRevocation revocation);

    /** The relayer's {@code cancelNoncesBySig} call for {@code cancellation}. */
    ChainCall cancellationCall(SignedNonceCancellation cancellation);

    /** The nonce the patient's next signed message (grant, revocation, nonce cancellation) must carry. */
    Mono<BigInteger> nextNonce(EthAddress patient);

    EthAddress relayer();
}
