package io.healthkey.backend.domain.recovery;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;

/**
 * A guardian's share, re-wrapped for the device key of request {@code requestId}, with the guardian's EIP-712
 * signature over it, as accepted at {@code acceptedAt}. The share opens only with the device's private key: this
 * service cannot read it.
 */
public record ShareTransfer(String requestId, ShareTransferMessage message, AccountSignature signature, Instant acceptedAt) {

    public ShareTransfer {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}
