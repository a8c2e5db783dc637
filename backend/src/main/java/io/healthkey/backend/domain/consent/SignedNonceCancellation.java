package io.healthkey.backend.domain.consent;

import java.util.Objects;

import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.eip712.EthSignature;

/** A patient's EIP-712 nonce cancellation and the signature over it. */
public record SignedNonceCancellation(CancelNoncesMessage cancellation, EthSignature signature) {

    public SignedNonceCancellation {
        Objects.requireNonNull(cancellation);
        Objects.requireNonNull(signature);
    }
}
