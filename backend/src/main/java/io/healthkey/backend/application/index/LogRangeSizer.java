package io.healthkey.backend.application.index;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.index.ChainEvent;

/**
 * How many blocks one {@code eth_getLogs} asks for, adapted to the node and to the history: a refused range halves
 * until the node answers (nodes limit results or blocks per call); a sparse full range doubles the next one, up to
 * the maximum; a dense answer cuts the next one to about a transaction's worth of logs. Used by one reader at a time.
 */
final class LogRangeSizer {

    private static final Logger log = LoggerFactory.getLogger(LogRangeSizer.class);

    /** Fewer logs than this in a full range: the next range may be twice as long. */
    static final int SPARSE = CommitCutter.EVENTS_PER_COMMIT;
    /** More logs than this in one answer: the next range is cut to hold about {@link #SPARSE}. */
    static final int DENSE = 2 * SPARSE;

    private final ChainEventSourcePort chain;
    private final int maxRange;
    private volatile int range;

    LogRangeSizer(ChainEventSourcePort chain, int initialRange, int maxRange) {
        this.chain = chain;
        this.range = initialRange;
        this.maxRange = maxRange;
    }

    /** Blocks the next range should span. */
    int range() {
        return range;
    }

    /** The logs of {@code from..to}, or of a prefix of it if the node refused the whole; blocking. */
    Fetched fetch(long from, long to) {
        long end = to;
        while (true) {
            try {
                List<ChainEvent> events = chain.events(from, end);
                long blocks = end - from + 1;
                if (events.size() > DENSE) {
                    range = (int) Math.max(1, blocks * SPARSE / events.size());
                } else if (blocks == range && events.size() < SPARSE) {
                    range = Math.min(maxRange, range * 2);
                }
                return new Fetched(events, end);
            } catch (RuntimeException e) {
                if (end == from) {
                    throw e;
                }
                range = (int) Math.max(1, (end - from + 1) / 2);
                end = from + range - 1;
                log.debug("eth_getLogs refused {} blocks, trying {}: {}", to - from + 1, range, e.toString());
            }
        }
    }

    /** The logs of blocks {@code from..to}, {@code to} being where the node's answer ends. */
    record Fetched(List<ChainEvent> events, long to) {
    }
}
