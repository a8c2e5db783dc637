package io.healthkey.backend.domain.directory;

import java.util.Objects;

import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.KeyPublicationMessage;

/** An account's EIP-712 signed publication of the key that record keys are wrapped for. */
public record SignedKeyPublication(KeyPublicationMessage publication, AccountSignature signature) {

    public SignedKeyPublication {
        Objects.requireNonNull(publication, "publication");
        Objects.requireNonNull(signature, "signature");
    }

    /** An externally owned account's signature. */
    public SignedKeyPublication(KeyPublicationMessage publication, EthSignature signature) {
        this(publication, AccountSignature.of(signature));
    }
}
