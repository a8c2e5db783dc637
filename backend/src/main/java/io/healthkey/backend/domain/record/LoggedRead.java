package io.healthkey.backend.domain.record;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ReadEntry} as the read log stored it, under its id: the id read receipts and their proofs name.
 *
 * <p>Either one read ({@code count} 1, no window), or the denied reads of one party that holds no grant from the
 * patient, aggregated over one window: {@code entry} is the first of them (its record, code and time), {@code count}
 * how many there were, {@code lastAt} when the last came, {@code windowEnd} when the window closes. An aggregate
 * still counts reads until its window has closed; a receipt is made of it only afterwards.
 */
public record LoggedRead(long id, ReadEntry entry, long count, Instant lastAt, Optional<Instant> windowEnd) {

    public LoggedRead {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(lastAt, "lastAt");
        Objects.requireNonNull(windowEnd, "windowEnd");
        if (id < 1) {
            throw new IllegalArgumentException("read ids start at 1: " + id);
        }
        if (count < 1 || (windowEnd.isEmpty() && count != 1)) {
            throw new IllegalArgumentException("one read, or an aggregate of at least one: " + count);
        }
        if (windowEnd.isPresent() && entry.allowed()) {
            throw new IllegalArgumentException("only denied reads are aggregated");
        }
    }

    /** One read. */
    public LoggedRead(long id, ReadEntry entry) {
        this(id, entry, 1, entry.at(), Optional.empty());
    }

    public boolean isAggregate() {
        return windowEnd.isPresent();
    }

    /**
     * Whether the row can no longer change, {@code settle} after its read (or after its window's end): only such rows
     * are committed to in a receipt. The margin covers a read whose row commits a little after its logged time.
     */
    public boolean isFinalAt(Instant now, Duration settle) {
        return !windowEnd.orElse(lastAt).plus(settle).isAfter(now);
    }
}
