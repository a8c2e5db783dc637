package io.healthkey.backend.application.index;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexStatus;
import io.healthkey.backend.domain.index.IndexedBlock;

/**
 * Follows the deployment's events into the index. Blocks deeper than the reorg window below the head are read in
 * {@code eth_getLogs} ranges (backfill); the rest block by block range with their headers, each header's parent hash
 * checked against the block before it. On a mismatch the index walks back to the newest block whose hash the chain
 * still has, rolls back above it and replays from there.
 *
 * <p>{@link #poll} must not run concurrently. Within a poll, the next range is read from the node (on one daemon
 * thread of this indexer) while the current one is written: one range ahead at most, and everything it read is
 * checked as if it had been read just then (parent hash, blocks' hashes), so reading ahead decides nothing. A range
 * is written in transactions of about {@link CommitCutter#EVENTS_PER_COMMIT} events, cut between blocks.
 */
public final class EventIndexer {

    private static final Logger log = LoggerFactory.getLogger(EventIndexer.class);

    /** Steps per poll: a poll ends even if the node keeps producing blocks faster than they are indexed. */
    private static final int MAX_STEPS_PER_POLL = 10_000;

    private final ChainEventSourcePort chain;
    private final EventIndexStorePort store;
    private final IndexSettings settings;
    private final Clock clock;
    private final AtomicReference<IndexStatus> status;
    private final ExecutorService reader;
    /** Reads one range at a time (see {@link #drain}). */
    private final RangeReader ranges;
    private boolean resumed;

    public EventIndexer(ChainEventSourcePort chain, EventIndexStorePort store, IndexSettings settings, Clock clock) {
        this.chain = chain;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.status = new AtomicReference<>(IndexStatus.initial(Optional.empty()));
        this.ranges = new RangeReader(chain, settings);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "event-index-reader");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true); // an idle indexer holds no thread
        this.reader = executor;
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
            indexUpTo(head);
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

    /** Range by range up to {@code head}, each next range read while the current one is written. */
    private void indexUpTo(long head) {
        Ahead ahead = null;
        try {
            for (int step = 0; step < MAX_STEPS_PER_POLL && nextBlock() <= head; step++) {
                long from = nextBlock();
                RangeRead current = null;
                if (ahead != null) {
                    if (ahead.from() == from) {
                        current = await(ahead.range());
                    } else {
                        drain(ahead.range()); // the index rolled back meanwhile: that read is for blocks beyond it
                    }
                    ahead = null;
                }
                if (current == null) {
                    current = ranges.read(from, head);
                }
                if (current.isWhole() && current.to() < head && step + 1 < MAX_STEPS_PER_POLL) {
                    long next = current.to() + 1;
                    ahead = new Ahead(next, reader.submit(() -> ranges.read(next, head)));
                }
                if (!write(current)) {
                    break;
                }
            }
        } finally {
            if (ahead != null) {
                drain(ahead.range()); // ended early: the next poll reads those blocks again
            }
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

    /**
     * Writes what was read, part by part; false when the poll should end (a race with the node: try again next
     * poll). Within the window, the first header must follow the cursor, else the index rolls back instead.
     */
    private boolean write(RangeRead read) {
        if (read.parts().isEmpty()) {
            return false;
        }
        Optional<IndexedBlock> cursor = status.get().cursor();
        if (read.first().isPresent() && cursor.isPresent() && !cursor.get().isParentOf(read.first().get())) {
            rollBack(cursor.get());
            return true;
        }
        if (read.changedWhileRead()) {
            return false;
        }
        for (RangeRead.Part part : read.parts()) {
            commit(part.recentBlocks(), part.events(), part.cursor());
        }
        if (read.first().isPresent()) {
            store.pruneBlocksBelow(read.to() - settings.window());
        }
        return true;
    }

    /** A range being read on the reader thread, from block {@code from} on. */
    private record Ahead(long from, Future<RangeRead> range) {
    }

    private static RangeRead await(Future<RangeRead> ahead) {
        try {
            return ahead.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException("reading ahead failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading ahead", e);
        }
    }

    /** Waits for a read whose result is not wanted, whatever its outcome: no read outlives its poll. */
    private static void drain(Future<RangeRead> unwanted) {
        try {
            unwanted.get();
        } catch (ExecutionException | CancellationException e) {
            log.debug("a read ahead was not used: {}", e.toString());
        } catch (InterruptedException e) {
            unwanted.cancel(true);
            Thread.currentThread().interrupt();
        }
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
