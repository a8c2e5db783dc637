package io.healthkey.backend.domain.record;

import java.util.Objects;

/** A {@link ReadEntry} as the read log stored it, under its id: the id read receipts and their proofs name. */
public record LoggedRead(long id, ReadEntry entry) {

    public LoggedRead {
        Objects.requireNonNull(entry, "entry");
        if (id < 1) {
            throw new IllegalArgumentException("read ids start at 1: " + id);
        }
    }
}
