package io.healthkey.backend.application.index;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/**
 * The caregiver events the event index stored (with the others, rolled back with them on a reorganisation).
 * Histories come newest first.
 */
public interface CaregiverIndexPort {

    /** Every (patient, account) that a caregiver event names: a caregiver, or the grantee of a caregiver's grant. */
    Flux<CaregiverPairs.Pair> caregiverPairs();

    /** {@code patient}'s appointments and revocations of caregivers. */
    Flux<ChainEvent.CaregiverChange> changesOfPatient(EthAddress patient);

    /** The appointments and revocations of {@code caregiver}, for any patient. */
    Flux<ChainEvent.CaregiverChange> changesOfCaregiver(EthAddress caregiver);

    /** The grants and revocations caregivers signed for {@code patient}. */
    Flux<ChainEvent.CaregiverConsent> consentsByCaregivers(EthAddress patient);
}
