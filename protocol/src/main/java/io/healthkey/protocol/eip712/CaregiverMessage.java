package io.healthkey.protocol.eip712;

import io.healthkey.protocol.EthAddress;

/**
 * A message of {@code IConsentCaregivers}, signed in the ConsentRegistry's domain: an appointment, a caregiver's
 * revocation, or a grant or revocation a caregiver signs for the patient. Its signer is not always the patient:
 * {@link #requiredSigner()} says who, and that signer's nonce is the one it carries.
 */
public sealed interface CaregiverMessage extends Eip712Message permits AppointmentMessage,
        CaregiverRevocationMessage, CaregiverGrantMessage, CaregiverGrantRevocationMessage {

    /** The patient the caregiver acts for. */
    EthAddress patient();

    /** The caregiver the message appoints, revokes, or that signs it. */
    EthAddress caregiver();

    @Override
    default String contractName() {
        return Eip712Domain.CONSENT_REGISTRY;
    }
}
