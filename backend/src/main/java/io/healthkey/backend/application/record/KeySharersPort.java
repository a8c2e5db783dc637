package io.healthkey.backend.application.record;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/**
 * Who, besides the patient, may give a reader the key of one of the patient's records: a caregiver that holds both
 * GRANT_REVOKE and READ on the record ({@code isCaregiverFor} on chain, at the latest block), and so could grant the
 * reader itself and read the key it re-wraps. The reader still needs READ access of its own.
 */
public interface KeySharersPort {

    /** Whether {@code account} may share the keys of {@code record} of {@code patient}; false when the chain says no. */
    Mono<Boolean> mayShareKeys(EthAddress patient, EthAddress account, RecordId record);

    /** Nobody but the patient: for tools and tests that follow no caregiver. */
    KeySharersPort PATIENT_ONLY = (patient, account, record) -> Mono.just(false);
}
