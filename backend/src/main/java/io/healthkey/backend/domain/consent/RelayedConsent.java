package io.healthkey.backend.domain.consent;

import java.util.Objects;
import java.util.Set;

import io.healthkey.backend.domain.chain.ChainRequest;

/**
 * A grant or revocation request this service accepted, with the hash of every transaction it was signed into so far
 * (none before it is sent; several when it was replaced with higher fees): the event it leads to carries one of them.
 */
public record RelayedConsent(ChainRequest request, Set<String> transactionHashes) {

    public RelayedConsent {
        Objects.requireNonNull(request, "request");
        transactionHashes = Set.copyOf(transactionHashes);
    }

    /** Whether {@code hash} is one of this request's transactions (hashes compared in any case). */
    public boolean wasSentAs(String hash) {
        return transactionHashes.stream().anyMatch(hash::equalsIgnoreCase)
                || request.transaction().map(mined -> mined.transactionHash().equalsIgnoreCase(hash)).orElse(false);
    }
}
