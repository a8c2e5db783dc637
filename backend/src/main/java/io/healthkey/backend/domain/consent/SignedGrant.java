package io.healthkey.backend.domain.consent;

import java.util.Objects;

import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.EthSignature;

/** A patient's EIP-712 grant and the signature over it, as a dApp submits them for relaying. */
public record SignedGrant(GrantMessage grant, EthSignature signature) {

    public SignedGrant {
        Objects.requireNonNull(grant);
        Objects.requireNonNull(signature);
    }
}
