package io.healthkey.backend.application.outbox;

import java.util.Objects;

import io.healthkey.backend.domain.chain.ChainRequest;

/** An accepted grant, revocation or key publication: the request to follow until it is CONFIRMED or FAILED. */
public record RelayReceipt(ChainRequest request) {

    public RelayReceipt {
        Objects.requireNonNull(request, "request");
    }
}
