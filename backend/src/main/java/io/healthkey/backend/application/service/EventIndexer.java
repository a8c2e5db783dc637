package io.healthkey.backend.application.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.port.out.ChainEventSourcePort;
import io.healthkey.backend.application.port.out.EventIndexStorePort;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexStatus;
import io.healthkey.backend.domain.index.IndexedBlock;

/**
 * Follows the deployment's events into the index. Blocks deeper than the reorg window below the head are read in
 * {@code eth_getLogs} ranges (backfill); the rest block by block range with their headers, each header's parent hash
 * checked against the block before it. On a mismatch the index walks back to the newest block whose hash the chain
 * still has, rolls back above it and replays from there. Single-threaded: {@link #poll} must not run concurrently.
 */
public final class EventIndexer {

    private static final Logger log = LoggerFactory.getLogger(EventIndexer.class);

    /** Steps per poll: a poll ends even if the node keeps producing blocks faster than they are indexed. */
    private static final int MAX_STEPS_PER_POLL = 10_000;
    /** Fewer logs than this in a full range: the next range may be twice as long. */
    private static final int SPARSE = 5_000;

    private final ChainEventSourcePort chain;
    private final EventIndexStorePort store;
    private final IndexSettings settings;
    private final Clock clock;
    private final AtomicReference<IndexStatus> status;
    private int range;
    private boolean resumed;

    public EventIndexer(ChainEventSourcePort chain, EventIndexStorePort store, IndexSettings settings, Clock clock) {
        this.chain = chain;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.status = new AtomicReference<>(IndexStatus.initial(Optional.empty()));
        this.range = settings.initialRange();
    }

    public IndexStatus status() {
        return status.get();
    }

    public IndexSettings settings() {
        return settings;
    }

    /** A block known to be mined: the index is not current before it holds it. */
    public void observeHead(long blockNumber) {
        update(s -> blockNumber <= s.head() ? s : new IndexStatus(s.cursor(), blockNumber, s.headSeenAt(),
                s.eventsIndexed(), s.reorgs(), s.lastFailure()));
    }

    /** Reads the head and indexes up to it; failures are kept in {@link #status()} and logged, never thrown. */
    public void poll() {
        try {
            if (!resumed) {
                Optional<IndexedBlock> stored = store.cursor(); // where an earlier run stopped
                update(s -> new IndexStatus(stored, s.head(), s.headSeenAt(), s.eventsIndexed(), s.reorgs(),
                        s.lastFailure()));
                resumed = true;
            }
            long head = chain.headNumber();
            update(s -> new IndexStatus(s.cursor(), Math.max(head, s.head()), clock.instant(), s.eventsIndexed(),
                    s.reorgs(), s.lastFailure()));
            if (nextBlock() > head) {
                verifyTip();
            }
            for (int step = 0; step < MAX_STEPS_PER_POLL && nextBlock() <= head; step++) {
                if (!step(head)) {
                    break;
                }
            }
            update(s -> new IndexStatus(s.cursor(), s.head(), s.headSeenAt(), s.eventsIndexed(), s.reorgs(),
                    Optional.empty()));
        } catch (RuntimeException e) {
            log.warn("event index poll failed: {}", e.toString());
            Optional<IndexedBlock> stored = storedCursor();
            // a failed poll vouches for nothing: checks go to the chain until one succeeds
            update(s -> new IndexStatus(stored.isPresent() ? stored : s.cursor(), s.head(), Instant.EPOCH,
                    s.eventsIndexed(), s.reorgs(), Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
    }

    /** The store's cursor, to resynchronise after a failure; empty if the store cannot answer either. */
    private Optional<IndexedBlock> storedCursor() {
        try {
            return store.cursor();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private long nextBlock() {
        return status.get().cursor().map(c -> c.number() + 1).orElse(settings.startBlock());
    }

    /** One range; false when the poll should end (a race with the node: try again next poll). */
    private boolean step(long head) {
        long from = nextBlock();
        long recentFrom = Math.max(settings.startBlock(), head - settings.window() + 1);
        if (from < recentFrom) {
            return backfill(from, Math.min(recentFrom - 1, from + range - 1));
        }
        return follow(from, Math.min(head, from + range - 1));
    }

    /** Below the window: blocks are taken as final, only the range's last header is kept, as the cursor. */
    private boolean backfill(long from, long to) {
        Fetched fetched = eventsAdaptively(from, to);
        List<IndexedBlock> last = chain.blocks(fetched.to(), fetched.to());
        if (last.isEmpty()) {
            return false;
        }
        commit(List.of(), fetched.events(), last.get(0));
        return true;
    }

    /**
     * The logs of {@code from..to}, or of a prefix of it: a refused range halves until the node answers (a node
     * limits results or blocks per call); a sparse full range doubles the next one, up to the maximum.
     */
    private Fetched eventsAdaptively(long from, long to) {
        long end = to;
        while (true) {
            try {
                List<ChainEvent> events = chain.events(from, end);
                if (end - from + 1 == range && events.size() < SPARSE) {
                    range = Math.min(settings.maxRange(), range * 2);
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

    private record Fetched(List<ChainEvent> events, long to) {
    }

    /** Within the window: headers first, their chain checked, then the logs, each tied to its header by hash. */
    private boolean follow(long from, long to) {
        List<IndexedBlock> headers = chain.blocks(from, to);
        if (headers.isEmpty()) {
            return false;
        }
        Optional<IndexedBlock> cursor = status.get().cursor();
        if (cursor.isPresent() && !cursor.get().isParentOf(headers.get(0))) {
            rollBack(cursor.get());
            return true;
        }
        int linked = 1;
        while (linked < headers.size() && headers.get(linked - 1).isParentOf(headers.get(linked))) {
            linked++;
        }
        List<IndexedBlock> chainPart = headers.subList(0, linked);
        IndexedBlock last = chainPart.get(chainPart.size() - 1);
        Fetched fetched = eventsAdaptively(from, last.number());
        List<IndexedBlock> covered = chainPart.subList(0, (int) (fetched.to() - from + 1));
        for (ChainEvent event : fetched.events()) {
            IndexedBlock block = covered.get((int) (event.at().blockNumber() - from));
            if (!block.hash().equalsIgnoreCase(event.at().blockHash())) {
                log.info("block {} changed while it was read; reading it again", block.number());
                return false;
            }
        }
        commit(covered, fetched.events(), covered.get(covered.size() - 1));
        store.pruneBlocksBelow(covered.get(covered.size() - 1).number() - settings.window());
        return true;
    }

    /** Caught up: the last indexed block must still be on the chain (a reorg may keep the height, or lower it). */
    private void verifyTip() {
        Optional<IndexedBlock> cursor = status.get().cursor();
        if (cursor.isEmpty()) {
            return;
        }
        List<IndexedBlock> onChain = chain.blocks(cursor.get().number(), cursor.get().number());
        if (onChain.isEmpty() || !onChain.get(0).hash().equalsIgnoreCase(cursor.get().hash())) {
            rollBack(cursor.get());
        }
    }

    /** The node no longer builds on {@code cursor}: finds the newest stored block it still has, rolls back to it. */
    private void rollBack(IndexedBlock cursor) {
        long floor = Math.max(settings.startBlock(), cursor.number() - settings.window());
        for (long number = cursor.number() - 1; number >= floor; number--) {
            Optional<IndexedBlock> stored = store.block(number);
            if (stored.isEmpty()) {
                break;
            }
            List<IndexedBlock> onChain = chain.blocks(number, number);
            if (!onChain.isEmpty() && onChain.get(0).hash().equalsIgnoreCase(stored.get().hash())) {
                // the status moves first: checks stop trusting the projections before they change
                update(s -> new IndexStatus(stored, Math.max(s.head(), cursor.number()), s.headSeenAt(),
                        s.eventsIndexed(), s.reorgs() + 1, s.lastFailure()));
                store.rollbackTo(stored.get());
                log.warn("reorg: rolled the event index back from block {} to {}", cursor.number(), number);
                return;
            }
        }
        throw new IllegalStateException("reorg below block " + cursor.number() + " is deeper than the "
                + settings.window() + "-block window the index keeps: re-index from scratch");
    }

    private void commit(List<IndexedBlock> blocks, List<ChainEvent> events, IndexedBlock cursor) {
        store.append(blocks, events, cursor);
        update(s -> new IndexStatus(Optional.of(cursor), Math.max(s.head(), cursor.number()), s.headSeenAt(),
                s.eventsIndexed() + events.size(), s.reorgs(), s.lastFailure()));
    }

    private void update(UnaryOperator<IndexStatus> change) {
        status.updateAndGet(change);
    }
}
