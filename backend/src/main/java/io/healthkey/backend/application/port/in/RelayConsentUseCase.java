package io.healthkey.backend.application.port.in;

import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedRevocation;
import reactor.core.publisher.Mono;

/** Relays a patient's signed grant or revocation on chain and journals it. */
public interface RelayConsentUseCase {

    Mono<MinedTransaction> relay(SignedGrant grant);

    Mono<MinedTransaction> relay(SignedRevocation revocation);
}
