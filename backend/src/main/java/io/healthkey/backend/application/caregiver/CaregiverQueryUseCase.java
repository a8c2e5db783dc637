package io.healthkey.backend.application.caregiver;

import java.util.List;

import io.healthkey.backend.domain.caregiver.CaregiverAction;
import io.healthkey.backend.domain.caregiver.CaregiverView;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * Who acts for whom, from the event index: what a patient and a caregiver see of their appointments. Each list is
 * its owner's only ({@code REQUEST-0007} for anyone else): nobody learns who cares for a patient but the patient.
 */
public interface CaregiverQueryUseCase {

    /** {@code patient}'s caregivers, each at its latest appointment or revocation, newest first. */
    Mono<List<CaregiverView>> caregiversOf(EthAddress viewer, EthAddress patient);

    /** The patients {@code caregiver} was appointed for, each at its latest appointment or revocation. */
    Mono<List<CaregiverView>> patientsOf(EthAddress viewer, EthAddress caregiver);

    /** Every caregiver action for {@code patient}, newest first, with who acted. */
    Mono<List<CaregiverAction>> actionsFor(EthAddress viewer, EthAddress patient);

    /**
     * What {@code caregiver} granted on {@code patient}'s behalf: its latest grant or revocation per grantee, scope and
     * action, newest first. The caregiver's own list: what it may still revoke ({@code GRANTED}) and what it revoked.
     */
    Mono<List<CaregiverAction>> grantsBy(EthAddress viewer, EthAddress caregiver, EthAddress patient);
}
