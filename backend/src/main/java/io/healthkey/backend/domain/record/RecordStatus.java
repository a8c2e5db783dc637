package io.healthkey.backend.domain.record;

/** Where a record version is in its life: reserved, then stored and pinned, then anchored on chain. */
public enum RecordStatus {
    /** An id was handed out; no ciphertext yet. Expires if no upload follows. */
    RESERVED,
    /** The ciphertext is pinned and the anchor has been accepted for relaying. */
    ANCHORING,
    /** The anchor is mined: the chain names this version's CID. */
    ANCHORED,
    /** The anchor failed for good; the ciphertext was unpinned. */
    FAILED
}
