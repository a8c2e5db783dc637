package io.healthkey.backend.application.index;

import java.util.List;
import java.util.Optional;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;

/** Writes the event index. Blocking, like {@link ChainEventSourcePort}; each call is one transaction. */
public interface EventIndexStorePort {

    /** The last block whose events are all stored; empty before the first. */
    Optional<IndexedBlock> cursor();

    /** A stored recent block, empty if outside the window kept. */
    Optional<IndexedBlock> block(long number);

    /** Stores {@code events} (chain order) and recent blocks' headers, updates the projections, moves the cursor. */
    void append(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor);

    /**
     * Forgets everything above {@code ancestor}: blocks, events; rebuilds the projections of the keys those events
     * touched from the events that remain, and sets the cursor to {@code ancestor}.
     */
    void rollbackTo(IndexedBlock ancestor);

    /** Forgets headers below {@code number}: reorgs are not followed deeper than the window. */
    void pruneBlocksBelow(long number);
}
