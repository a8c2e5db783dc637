package io.healthkey.backend.domain.chain;

/** Where an on-chain request is: accepted here, mined, or failed with a code. */
public enum ChainRequestStatus {
    ACCEPTED,
    MINED,
    FAILED
}
