package io.healthkey.backend.application.index;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores the event index and loads it back. Reactive: nothing blocks the caller, and outcomes may arrive on any
 * thread (a driver's event loop). Each write is one transaction: all of it is stored, or none. Failures are errors
 * of the returned publisher.
 */
public interface EventIndexStorePort {

    /** The last block whose events are all stored; empty before the first. */
    Mono<IndexedBlock> cursor();

    /** A stored recent block; empty if outside the window kept. */
    Mono<IndexedBlock> recentBlock(long number);

    /** Stores {@code events} (chain order) and recent blocks' headers, and moves the cursor to {@code cursor}. */
    Mono<Void> append(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor);

    /**
     * Forgets the blocks and events above {@code ancestor} and sets the cursor to it. Answers, for each grant slot and
     * provider the forgotten events touched, its latest remaining state: empty where no event of it remains.
     */
    Mono<RemainingStates> rollbackTo(IndexedBlock ancestor);

    /** Forgets headers below {@code number}: reorgs are not followed deeper than the window. */
    Mono<Void> pruneBlocksBelow(long number);

    /** Every stored {@code AccessGranted} and {@code AccessRevoked}, as its slot's state, in chain order. */
    Flux<SlotState> grantHistory();

    /** Every stored provider status change, in chain order. */
    Flux<ProviderChange> providerHistory();

    /** A grant slot's state after one stored consent event. */
    record SlotState(GrantKey key, GrantState state) {
    }

    /** A provider's state after one stored status change. */
    record ProviderChange(EthAddress provider, ProviderState state) {
    }

    /** What remains, after a rollback, of each key the forgotten events touched. */
    record RemainingStates(Map<GrantKey, Optional<GrantState>> grants,
            Map<EthAddress, Optional<ProviderState>> providers) {
    }
}
