package io.healthkey.backend.application.index;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.healthkey.backend.domain.index.IndexStatus;
import io.healthkey.backend.domain.index.IndexedBlock;

/** The index's {@link IndexStatus}, moved by the indexer's parts and read by anyone at any time. */
final class IndexProgress {

    private final long startBlock;
    private final AtomicReference<IndexStatus> status = new AtomicReference<>(IndexStatus.initial(Optional.empty()));

    IndexProgress(long startBlock) {
        this.startBlock = startBlock;
    }

    IndexStatus status() {
        return status.get();
    }

    Optional<IndexedBlock> cursor() {
        return status.get().cursor();
    }

    /** The first block not yet indexed. */
    long nextBlock() {
        return cursor().map(c -> c.number() + 1).orElse(startBlock);
    }

    /** Where an earlier run stopped, as stored. */
    void resumedAt(Optional<IndexedBlock> stored) {
        update(s -> new IndexStatus(stored, s.head(), s.headSeenAt(), s.eventsIndexed(), s.reorgs(), s.lastFailure()));
    }

    /** A block known to be mined: the index is not current before it holds it. */
    void headMined(long blockNumber) {
        update(s -> blockNumber <= s.head() ? s : new IndexStatus(s.cursor(), blockNumber, s.headSeenAt(),
                s.eventsIndexed(), s.reorgs(), s.lastFailure()));
    }

    /** The node's head, read at {@code at}. */
    void headSeen(long head, Instant at) {
        update(s -> new IndexStatus(s.cursor(), Math.max(head, s.head()), at, s.eventsIndexed(), s.reorgs(),
                s.lastFailure()));
    }

    /** A transaction of {@code events} events committed, up to {@code cursor}. */
    void committed(IndexedBlock cursor, int events) {
        update(s -> new IndexStatus(Optional.of(cursor), Math.max(s.head(), cursor.number()), s.headSeenAt(),
                s.eventsIndexed() + events, s.reorgs(), s.lastFailure()));
    }

    /** About to roll back from block {@code from} to {@code ancestor}: checks stop trusting the index first. */
    void rollingBack(IndexedBlock ancestor, long from) {
        update(s -> new IndexStatus(Optional.of(ancestor), Math.max(s.head(), from), s.headSeenAt(),
                s.eventsIndexed(), s.reorgs() + 1, s.lastFailure()));
    }

    void succeeded() {
        update(s -> new IndexStatus(s.cursor(), s.head(), s.headSeenAt(), s.eventsIndexed(), s.reorgs(),
                Optional.empty()));
    }

    /**
     * A poll failed: the cursor is resynchronised with the store's ({@code stored}, empty if the store could not
     * say), and the head counts as never seen: checks go to the chain until a poll succeeds.
     */
    void failed(Optional<IndexedBlock> stored, String failure) {
        update(s -> new IndexStatus(stored.isPresent() ? stored : s.cursor(), s.head(), Instant.EPOCH,
                s.eventsIndexed(), s.reorgs(), Optional.of(failure)));
    }

    private void update(UnaryOperator<IndexStatus> change) {
        status.updateAndGet(change);
    }
}
