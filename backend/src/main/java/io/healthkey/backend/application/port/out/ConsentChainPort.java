package io.healthkey.backend.application.port.out;

import java.math.BigInteger;

import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The consent registry on chain. Relays are simulated before they are sent: a grant the contract would
 * reject fails with its decoded {@code DomainException} and costs no gas.
 */
public interface ConsentChainPort {

    Mono<MinedTransaction> relayGrant(SignedGrant grant);

    Mono<MinedTransaction> relayRevocation(SignedRevocation revocation);

    /** Reads {@code hasAccess} at the latest block. */
    Mono<AccessDecision> hasAccess(AccessQuery query);

    /** The nonce the patient's next signed grant or revocation must carry. */
    Mono<BigInteger> nextNonce(EthAddress patient);

    EthAddress relayer();
}
