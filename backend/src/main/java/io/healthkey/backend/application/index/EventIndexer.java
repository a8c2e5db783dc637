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
 * is written in transactions of about {@link #EVENTS_PER_COMMIT} events, cut between blocks.
 */
public final class EventIndexer {

    private static final Logger log = LoggerFactory.getLogger(EventIndexer.class);

    /** Steps per poll: a poll ends even if the node keeps producing blocks faster than they are indexed. */
    private static final int MAX_STEPS_PER_POLL = 10_000;
    /** Fewer logs than this in a full range: the next range may be twice as long. */
    private static final int SPARSE = 5_000;
    /** More logs than this in one answer: the next range is cut to hold about {@link #SPARSE}. */
    private static final int DENSE = 2 * SPARSE;
    /**
     * Events per transaction, about (a transaction ends with a block): H2's cost per event grows with the
     * transaction's size, and a failure then repeats less work.
     */
    public static final int EVENTS_PER_COMMIT = SPARSE;

    private final ChainEventSourcePort chain;
    private final EventIndexStorePort store;
    private final IndexSettings settings;
    private final Clock clock;
    private final AtomicReference<IndexStatus> status;
    private final ExecutorService reader;
    /** Blocks per range; read and changed only by range reads, which run one at a time (see {@link #drain}). */
    private volatile int range;
    private boolean resumed;

    public EventIndexer(ChainEventSourcePort chain, EventIndexStorePort store, IndexSettings settings, Clock clock) {
        this.chain = chain;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.status = new AtomicReference<>(IndexStatus.initial(Optional.empty()));
        this.range = settings.initialRange();
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
                Range current = null;
                if (ahead != null) {
                    if (ahead.from() == from) {
                        current = await(ahead.range());
                    } else {
                        drain(ahead.range()); // the index rolled back meanwhile: that read is for blocks beyond it
                    }
                    ahead = null;
                }
                if (current == null) {
                    current = read(from, head);
                }
                if (current.isWhole() && current.to() < head && step + 1 < MAX_STEPS_PER_POLL) {
                    long next = current.to() + 1;
                    ahead = new Ahead(next, reader.submit(() -> read(next, head)));
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
     * What the node holds from {@code from} on, up to a range: below the window, the logs and the headers of the
     * blocks the parts end with; within it, every header and the logs of the blocks that chain together.
     */
    private Range read(long from, long head) {
        long recentFrom = Math.max(settings.startBlock(), head - settings.window() + 1);
        if (from < recentFrom) {
            return readFinal(from, Math.min(recentFrom - 1, from + range - 1));
        }
        return readRecent(from, Math.min(head, from + range - 1));
    }

    /** Below the window: blocks are taken as final, only each part's last header is kept, as its cursor. */
    private Range readFinal(long from, long to) {
        Fetched fetched = eventsAdaptively(from, to);
        List<List<ChainEvent>> cuts = cut(fetched.events());
        List<Part> parts = new ArrayList<>(cuts.size());
        for (int i = 0; i < cuts.size(); i++) {
            List<ChainEvent> events = cuts.get(i);
            long end = i == cuts.size() - 1 ? fetched.to() : events.get(events.size() - 1).at().blockNumber();
            List<IndexedBlock> last = chain.blocks(end, end);
            if (last.isEmpty()) {
                return Range.unavailable(from);
            }
            parts.add(new Part(List.of(), events, last.get(0)));
        }
        return new Range(from, fetched.to(), Optional.empty(), parts, false);
    }

    /** Within the window: headers first, the linked ones' logs, each log tied to its header by hash. */
    private Range readRecent(long from, long to) {
        List<IndexedBlock> headers = chain.blocks(from, to);
        if (headers.isEmpty()) {
            return Range.unavailable(from);
        }
        int linked = 1;
        while (linked < headers.size() && headers.get(linked - 1).isParentOf(headers.get(linked))) {
            linked++;
        }
        List<IndexedBlock> chainPart = headers.subList(0, linked);
        Fetched fetched = eventsAdaptively(from, chainPart.get(chainPart.size() - 1).number());
        List<IndexedBlock> covered = chainPart.subList(0, (int) (fetched.to() - from + 1));
        boolean changed = false;
        for (ChainEvent event : fetched.events()) {
            IndexedBlock block = covered.get((int) (event.at().blockNumber() - from));
            if (!block.hash().equalsIgnoreCase(event.at().blockHash())) {
                log.info("block {} changed while it was read; reading it again", block.number());
                changed = true;
                break;
            }
        }
        List<Part> parts = new ArrayList<>();
        int firstBlock = 0;
        List<List<ChainEvent>> cuts = cut(fetched.events());
        for (int i = 0; i < cuts.size(); i++) {
            List<ChainEvent> events = cuts.get(i);
            int lastBlock = i == cuts.size() - 1 ? covered.size() - 1
                    : (int) (events.get(events.size() - 1).at().blockNumber() - from);
            List<IndexedBlock> blocks = covered.subList(firstBlock, lastBlock + 1);
            parts.add(new Part(blocks, events, blocks.get(blocks.size() - 1)));
            firstBlock = lastBlock + 1;
        }
        return new Range(from, fetched.to(), Optional.of(covered.get(0)), parts, changed);
    }

    /**
     * Writes what was read, part by part; false when the poll should end (a race with the node: try again next
     * poll). Within the window, the first header must follow the cursor, else the index rolls back instead.
     */
    private boolean write(Range read) {
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
        for (Part part : read.parts()) {
            commit(part.recentBlocks(), part.events(), part.cursor());
        }
        if (read.first().isPresent()) {
            store.pruneBlocksBelow(read.to() - settings.window());
        }
        return true;
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

    /**
     * The logs of {@code from..to}, or of a prefix of it: a refused range halves until the node answers (a node
     * limits results or blocks per call); a sparse full range doubles the next one, up to the maximum; a dense
     * answer cuts the next one to about {@link #SPARSE} logs.
     */
    private Fetched eventsAdaptively(long from, long to) {
        long end = to;
        while (true) {
            try {
                List<ChainEvent> events = chain.events(from, end);
                long blocks = end - from + 1;
                if (events.size() > DENSE) {
                    range = (int) Math.max(1, blocks * SPARSE / events.size());
                } else if (blocks == range && events.size() < SPARSE) {
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

    /** One transaction's worth: recent blocks' headers (within the window), events, the cursor after them. */
    private record Part(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor) {
    }

    /**
     * Blocks {@code from..to} as read. {@code first}: the first header, within the window, which must follow the
     * cursor when written; {@code changedWhileRead}: a log's block hash differs from its header's. No parts: the node
     * did not have the blocks yet.
     */
    private record Range(long from, long to, Optional<IndexedBlock> first, List<Part> parts,
            boolean changedWhileRead) {

        static Range unavailable(long from) {
            return new Range(from, from - 1, Optional.empty(), List.of(), false);
        }

        /** Whether the blocks were all there and unchanged while read: the next range may be read ahead. */
        boolean isWhole() {
            return !parts.isEmpty() && !changedWhileRead;
        }
    }

    /** A range being read on the reader thread, from block {@code from} on. */
    private record Ahead(long from, Future<Range> range) {
    }

    private static Range await(Future<Range> ahead) {
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
    private static void drain(Future<Range> unwanted) {
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
