package io.healthkey.backend.application.index;

import java.util.ArrayList;
import java.util.List;

import io.healthkey.backend.domain.index.ChainEvent;

/** Cuts a range's events into transactions, between blocks: a block's events are stored together or not at all. */
public final class CommitCutter {

    /**
     * Events per transaction, about (a transaction ends with a block): H2's cost per event grows with the
     * transaction's size, and a failure then repeats less work.
     */
    public static final int EVENTS_PER_COMMIT = 5_000;

    private CommitCutter() {
    }

    /** {@code events} (chain order) cut between blocks into parts of {@link #EVENTS_PER_COMMIT} or a little more. */
    static List<List<ChainEvent>> cut(List<ChainEvent> events) {
        List<List<ChainEvent>> parts = new ArrayList<>();
        int start = 0;
        while (events.size() - start > EVENTS_PER_COMMIT) {
            int end = start + EVENTS_PER_COMMIT;
            long block = events.get(end - 1).at().blockNumber();
            while (end < events.size() && events.get(end).at().blockNumber() == block) {
                end++;
            }
            if (end == events.size()) {
                break;
            }
            parts.add(events.subList(start, end));
            start = end;
        }
        parts.add(events.subList(start, events.size()));
        return parts;
    }
}
