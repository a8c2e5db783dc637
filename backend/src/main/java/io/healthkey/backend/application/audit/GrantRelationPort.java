package io.healthkey.backend.application.audit;

import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** Whether a reader is a party the patient ever dealt with, as far as this service knows. */
public interface GrantRelationPort {

    /**
     * True if {@code patient} ever granted {@code reader} anything the event index holds (live, expired or revoked, any
     * scope or action), or if this service keeps a wrapped key of one of the patient's records for {@code reader}
     * (which a grant accepted here and not yet mined brings along).
     */
    Mono<Boolean> holdsAnyGrant(EthAddress patient, EthAddress reader);
}
