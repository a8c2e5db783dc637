package io.healthkey.backend.domain.caregiver;

import java.util.Objects;

import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.CaregiverMessage;

/** A caregiver message (EIP-712) and its signer's signature over it, as a client submits them for relaying. */
public record SignedCaregiverMessage<M extends CaregiverMessage>(M message, AccountSignature signature) {

    public SignedCaregiverMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
    }
}
