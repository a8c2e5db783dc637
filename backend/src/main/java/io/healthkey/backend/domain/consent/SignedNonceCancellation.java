package io.healthkey.backend.domain.consent;

import java.util.Objects;

import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.eip712.EthSignature;

/** A patient's EIP-712 nonce cancellation and the signature over it. */
public record SignedNonceCancellation(CancelNoncesMessage cancellation, AccountSignature signature) {

    public SignedNonceCancellation {
        Objects.requireNonNull(cancellation);
        Objects.requireNonNull(signature);
    }

    /** An externally owned account's signature. */
    public SignedNonceCancellation(CancelNoncesMessage cancellation, EthSignature signature) {
        this(cancellation, AccountSignature.of(signature));
    }
}
