package io.healthkey.backend.application.index;

import java.util.List;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link EventIndexStorePort} that does what the store it wraps does: the base of a decorator that changes one
 * call (what an append stores, what follows it) and passes every other one on.
 */
public abstract class ForwardingEventIndexStore implements EventIndexStorePort {

    protected final EventIndexStorePort store;

    protected ForwardingEventIndexStore(EventIndexStorePort store) {
        this.store = store;
    }

    @Override
    public Mono<IndexedBlock> cursor() {
        return store.cursor();
    }

    @Override
    public Mono<IndexedBlock> recentBlock(long number) {
        return store.recentBlock(number);
    }

    @Override
    public Mono<Void> append(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor) {
        return store.append(recentBlocks, events, cursor);
    }

    @Override
    public Mono<RemainingStates> rollbackTo(IndexedBlock ancestor) {
        return store.rollbackTo(ancestor);
    }

    @Override
    public Mono<Void> pruneBlocksBelow(long number) {
        return store.pruneBlocksBelow(number);
    }

    @Override
    public Flux<SlotState> grantHistory() {
        return store.grantHistory();
    }

    @Override
    public Flux<ProviderChange> providerHistory() {
        return store.providerHistory();
    }
}
