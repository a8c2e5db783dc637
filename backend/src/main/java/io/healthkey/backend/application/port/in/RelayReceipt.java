package io.healthkey.backend.application.port.in;

import java.util.Objects;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;

/** A relayed grant, revocation or key publication: the mined transaction and the request that names it. */
public record RelayReceipt(MinedTransaction transaction, ChainRequest request) {

    public RelayReceipt {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(request, "request");
    }
}
