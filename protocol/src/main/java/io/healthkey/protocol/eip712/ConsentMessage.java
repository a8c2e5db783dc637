package io.healthkey.protocol.eip712;

import io.healthkey.protocol.EthAddress;

/** A message the patient signs for the ConsentRegistry: a grant, a revocation or a nonce cancellation. */
public sealed interface ConsentMessage extends Eip712Message permits GrantMessage, RevocationMessage,
        CancelNoncesMessage {

    /** The patient whose consent the message changes, and who must sign it. */
    EthAddress patient();

    @Override
    default EthAddress requiredSigner() {
        return patient();
    }

    @Override
    default String contractName() {
        return Eip712Domain.CONSENT_REGISTRY;
    }
}
