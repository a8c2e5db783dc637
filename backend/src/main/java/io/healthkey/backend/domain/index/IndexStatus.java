package io.healthkey.backend.domain.index;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the index stands: its last indexed block, the newest head seen and when, counters, the last failure.
 *
 * @param cursor empty before the first block is indexed
 * @param headSeenAt {@link Instant#EPOCH} before the first poll
 */
public record IndexStatus(Optional<IndexedBlock> cursor, long head, Instant headSeenAt, long eventsIndexed,
        long reorgs, Optional<String> lastFailure) {

    public static IndexStatus initial(Optional<IndexedBlock> cursor) {
        return new IndexStatus(cursor, -1, Instant.EPOCH, 0, 0, Optional.empty());
    }

    /** Blocks between the head seen and the last indexed block (the head itself if nothing is indexed). */
    public long lag() {
        return Math.max(0, head - cursor.map(IndexedBlock::number).orElse(-1L));
    }

    /** Whether the index holds every block up to a head seen within {@code freshness} of {@code now}. */
    public boolean isCurrent(Instant now, Duration freshness) {
        return head >= 0 && cursor.isPresent() && cursor.get().number() == head
                && !headSeenAt.plus(freshness).isBefore(now);
    }
}
