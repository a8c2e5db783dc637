package io.healthkey.backend.domain.consent;

import java.util.Objects;

import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.RevocationMessage;

/** A patient's EIP-712 revocation and the signature over it. */
public record SignedRevocation(RevocationMessage revocation, AccountSignature signature) {

    public SignedRevocation {
        Objects.requireNonNull(revocation);
        Objects.requireNonNull(signature);
    }

    /** An externally owned account's signature. */
    public SignedRevocation(RevocationMessage revocation, EthSignature signature) {
        this(revocation, AccountSignature.of(signature));
    }
}
