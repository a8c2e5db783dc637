package io.healthkey.backend.application.index;

import java.util.List;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;

/**
 * The node, as the event index reads it. Blocking: call from the indexer's own thread, never the event loop.
 * Failures (node down, range refused) are runtime exceptions.
 */
public interface ChainEventSourcePort {

    /** The newest block number. */
    long headNumber();

    /** Headers {@code from..to} inclusive, in order; shorter if the node does not have them all yet. */
    List<IndexedBlock> blocks(long from, long to);

    /**
     * The three contracts' logs in blocks {@code from..to} inclusive, in chain order, decoded, each with the time of
     * the block it came in; with smart accounts, also the allow-listed factories' {@code AccountCreated} and the
     * guardian-recovery events of any emitter (the index keeps those of the factories' accounts only).
     */
    List<ChainEvent> events(long from, long to);
}
