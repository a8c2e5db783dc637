package io.healthkey.backend.application.caregiver;

import io.healthkey.backend.domain.caregiver.CaregiverAppointment;
import io.healthkey.backend.domain.caregiver.SignedCaregiverMessage;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.AppointmentMessage;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.CaregiverGrantRevocationMessage;
import io.healthkey.protocol.eip712.CaregiverRevocationMessage;
import reactor.core.publisher.Mono;

/**
 * The caregivers of the consent registry ({@code IConsentCaregivers}) on chain: the calls the outbox relays (encoded
 * only) and the two reads the relay's pre-checks ask. Reads are of the latest block; a node that does not answer is
 * a {@code DomainException} with {@code CHAIN-0001}.
 */
public interface CaregiverRegistryPort {

    /** The relayer's {@code appointCaregiverBySig} call. */
    ChainCall appointmentCall(SignedCaregiverMessage<AppointmentMessage> signed);

    /** The relayer's {@code revokeCaregiverBySig} call. */
    ChainCall caregiverRevocationCall(SignedCaregiverMessage<CaregiverRevocationMessage> signed);

    /** The relayer's {@code grantByCaregiverBySig} call. */
    ChainCall grantCall(SignedCaregiverMessage<CaregiverGrantMessage> signed);

    /** The relayer's {@code revokeByCaregiverBySig} call. */
    ChainCall grantRevocationCall(SignedCaregiverMessage<CaregiverGrantRevocationMessage> signed);

    /** {@code caregiverOf(patient, caregiver)}. */
    Mono<CaregiverAppointment> caregiverOf(EthAddress patient, EthAddress caregiver);

    /** {@code isCaregiverFor}: live now, holding every bit of {@code powers} on {@code scope}; false for no powers. */
    Mono<Boolean> isCaregiverFor(EthAddress patient, EthAddress caregiver, Scope scope, int powers);
}
