package io.healthkey.backend.application.consent;

import io.healthkey.backend.domain.consent.RelayedConsent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/** The grant and revocation requests this service accepted, as the outbox holds them: the audit's pending part. */
public interface RelayedConsentPort {

    /**
     * The patient's GRANT and REVOCATION requests in any status but FAILED, each with the hashes of the transactions
     * it was sent as.
     */
    Flux<RelayedConsent> ofPatient(EthAddress patient);
}
