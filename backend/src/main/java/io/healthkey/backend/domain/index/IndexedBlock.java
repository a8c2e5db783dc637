package io.healthkey.backend.domain.index;

import java.util.Objects;

/** A block header as far as the index needs it: its place, its identity and its parent's, and its time. */
public record IndexedBlock(long number, String hash, String parentHash, long time) {

    public IndexedBlock {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(parentHash, "parentHash");
    }

    /** Whether {@code child} was built on this block. */
    public boolean isParentOf(IndexedBlock child) {
        return child.number() == number + 1 && child.parentHash().equalsIgnoreCase(hash);
    }
}
