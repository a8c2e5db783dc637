package io.healthkey.backend.domain.directory;

/** {@code IParticipantDirectory.ProviderStatus}, in the contract's order. */
public enum ProviderStatus {
    /** Never accredited. */
    NONE,
    /** Accredited and not suspended: may write records it has been granted WRITE for. */
    ACTIVE,
    /** Accredited once, now suspended. */
    SUSPENDED
}
