package io.healthkey.backend.domain.consent;

import java.util.Objects;

import io.healthkey.protocol.eip712.RevocationMessage;
import io.healthkey.protocol.eip712.EthSignature;

/** A patient's EIP-712 revocation and the signature over it. */
public record SignedRevocation(RevocationMessage revocation, EthSignature signature) {

    public SignedRevocation {
        Objects.requireNonNull(revocation);
        Objects.requireNonNull(signature);
    }
}
