package io.healthkey.backend.application.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.protocol.EthAddress;

/**
 * {@link EventIndexStorePort} in memory, keeping what the R2DBC adapter keeps: events, recent headers, the cursor.
 * Notes the size of each append; {@link #failing} makes every call fail as a database that is down.
 */
public final class InMemoryIndexStore implements EventIndexStorePort {

    private final List<ChainEvent> events = new ArrayList<>();
    private final TreeMap<Long, IndexedBlock> blocks = new TreeMap<>();
    private final List<Integer> appendSizes = new ArrayList<>();
    private IndexedBlock cursor;
    private Consumer<IndexedBlock> beforeRollback = ancestor -> { };
    public volatile boolean failing;

    @Override
    public Mono<IndexedBlock> cursor() {
        return call(() -> cursor);
    }

    @Override
    public Mono<IndexedBlock> recentBlock(long number) {
        return call(() -> blocks.get(number));
    }

    @Override
    public Mono<Void> append(List<IndexedBlock> recentBlocks, List<ChainEvent> appended, IndexedBlock to) {
        return call(() -> {
            recentBlocks.forEach(b -> blocks.put(b.number(), b));
            events.addAll(appended);
            appendSizes.add(appended.size());
            cursor = to;
            return null;
        });
    }

    @Override
    public Mono<RemainingStates> rollbackTo(IndexedBlock ancestor) {
        return call(() -> {
            beforeRollback.accept(ancestor);
            Set<GrantKey> slots = new LinkedHashSet<>();
            Set<EthAddress> providers = new LinkedHashSet<>();
            for (ChainEvent event : events) {
                if (event.at().blockNumber() > ancestor.number()) {
                    if (event instanceof ChainEvent.Consent consent) {
                        slots.add(consent.key());
                    } else if (event instanceof ChainEvent.Provider provider) {
                        providers.add(provider.provider());
                    }
                }
            }
            events.removeIf(event -> event.at().blockNumber() > ancestor.number());
            blocks.tailMap(ancestor.number(), false).clear();
            cursor = ancestor;
            Map<GrantKey, Optional<GrantState>> grants = new HashMap<>();
            slots.forEach(slot -> grants.put(slot, latest(slot)));
            Map<EthAddress, Optional<ProviderState>> statuses = new HashMap<>();
            providers.forEach(provider -> statuses.put(provider, latest(provider)));
            return new RemainingStates(grants, statuses);
        });
    }

    @Override
    public Mono<Void> pruneBlocksBelow(long number) {
        return call(() -> {
            blocks.headMap(number).clear();
            return null;
        });
    }

    @Override
    public Flux<SlotState> grantHistory() {
        return call(() -> events.stream().filter(ChainEvent.Consent.class::isInstance).map(ChainEvent.Consent.class::cast)
                .map(e -> new SlotState(e.key(), IndexProjections.state(e))).toList()).flatMapIterable(all -> all);
    }

    @Override
    public Flux<ProviderChange> providerHistory() {
        return call(() -> events.stream().filter(ChainEvent.Provider.class::isInstance)
                .map(ChainEvent.Provider.class::cast)
                .map(e -> new ProviderChange(e.provider(), IndexProjections.state(e))).toList())
                .flatMapIterable(all -> all);
    }

    /** Runs {@code check} with the ancestor as a rollback begins, before anything is forgotten. */
    public synchronized void beforeRollback(Consumer<IndexedBlock> check) {
        this.beforeRollback = check;
    }

    public synchronized List<ChainEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<Long> blockNumbers() {
        return List.copyOf(blocks.keySet());
    }

    public synchronized List<Integer> appendSizes() {
        return List.copyOf(appendSizes);
    }

    private Optional<GrantState> latest(GrantKey slot) {
        return latest(ChainEvent.Consent.class, consent -> consent.key().equals(slot), IndexProjections::state);
    }

    private Optional<ProviderState> latest(EthAddress provider) {
        return latest(ChainEvent.Provider.class, change -> change.provider().equals(provider), IndexProjections::state);
    }

    /** The state after the last stored event of {@code type} that {@code ofKey} accepts. */
    private <E extends ChainEvent, S> Optional<S> latest(Class<E> type, Predicate<E> ofKey, Function<E, S> state) {
        S found = null;
        for (ChainEvent event : events) {
            if (type.isInstance(event) && ofKey.test(type.cast(event))) {
                found = state.apply(type.cast(event));
            }
        }
        return Optional.ofNullable(found);
    }

    private interface Work<T> {
        T run();
    }

    private <T> Mono<T> call(Work<T> work) {
        return Mono.defer(() -> {
            if (failing) {
                return Mono.error(new IllegalStateException("database down"));
            }
            synchronized (this) {
                return Mono.justOrEmpty(work.run());
            }
        });
    }
}
