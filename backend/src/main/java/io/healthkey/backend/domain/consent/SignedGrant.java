package io.healthkey.backend.domain.consent;

import java.util.Objects;

import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.GrantMessage;

/** A patient's EIP-712 grant and the signature over it, as a dApp submits them for relaying. */
public record SignedGrant(GrantMessage grant, AccountSignature signature) {

    public SignedGrant {
        Objects.requireNonNull(grant);
        Objects.requireNonNull(signature);
    }

    /** An externally owned account's signature. */
    public SignedGrant(GrantMessage grant, EthSignature signature) {
        this(grant, AccountSignature.of(signature));
    }
}
