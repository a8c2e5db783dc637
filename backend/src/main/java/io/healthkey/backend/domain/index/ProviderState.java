package io.healthkey.backend.domain.index;

import java.util.Objects;

import io.healthkey.backend.domain.directory.ProviderStatus;

/** A provider's status after its latest indexed change, and that change's block. */
public record ProviderState(ProviderStatus status, long blockNumber) {

    public ProviderState {
        Objects.requireNonNull(status, "status");
    }
}
