package io.healthkey.backend.application.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.index.EventIndexStorePort.ProviderChange;
import io.healthkey.backend.application.index.EventIndexStorePort.RemainingStates;
import io.healthkey.backend.application.index.EventIndexStorePort.SlotState;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * The event index's read model, in memory only: the latest grant or revocation per grant slot and the latest status
 * per provider. A permission check reads two maps instead of making database round trips, and the index stores no
 * projection rows, only the events (a row per grant slot, keyed by addresses and a scope in no useful order, cost
 * more than the events themselves: benchmarks/README.md).
 *
 * <p>Folded whole from the stored events when the indexer starts ({@link #load}), updated key by key after each
 * committed append ({@link #apply}), and for the keys a rollback touched after it commits ({@link #replace}).
 * Between rollbacks each key only moves forward, so a reader never sees a grant again after having seen its
 * revocation; a batch is not atomic across keys (the indexer's status tells checks when not to trust the index).
 */
public final class IndexProjections {

    private record Snapshot(Map<GrantKey, GrantState> grants, Map<EthAddress, ProviderState> providers) {
    }

    private volatile Snapshot snapshot;
    private final Optional<CaregiverPairs> caregivers;

    /** Projections of grants and providers only: for tools and tests that follow no caregiver. */
    public IndexProjections() {
        this.caregivers = Optional.empty();
    }

    /** Projections that also tell {@code caregivers} of each committed append. */
    public IndexProjections(CaregiverPairs caregivers) {
        this.caregivers = Optional.of(caregivers);
    }

    boolean isLoaded() {
        return snapshot != null;
    }

    /**
     * Replaces everything with the fold of the stored histories, in chain order: the last state per key wins.
     * Unloaded meanwhile, and left unloaded if reading fails: readers then go to the stored events.
     */
    Mono<Void> load(Flux<SlotState> grants, Flux<ProviderChange> providers) {
        return Mono.defer(() -> {
            snapshot = null;
            Map<GrantKey, GrantState> slots = new ConcurrentHashMap<>();
            Map<EthAddress, ProviderState> statuses = new ConcurrentHashMap<>();
            return grants.doOnNext(slot -> slots.put(slot.key(), slot.state()))
                    .thenMany(providers.doOnNext(change -> statuses.put(change.provider(), change.state())))
                    .then(Mono.fromRunnable(() -> snapshot = new Snapshot(slots, statuses)));
        });
    }

    /** The states of the given slots that were ever granted; call only when {@link #isLoaded()}. */
    List<GrantState> grants(EthAddress patient, EthAddress grantee, int action, List<Bytes32> scopes) {
        Map<GrantKey, GrantState> grants = snapshot.grants();
        List<GrantState> found = new ArrayList<>(scopes.size());
        for (Bytes32 scope : scopes) {
            GrantState state = grants.get(new GrantKey(patient, grantee, scope, action));
            if (state != null) {
                found.add(state);
            }
        }
        return found;
    }

    /** The provider's latest status; call only when {@link #isLoaded()}. */
    Optional<ProviderState> provider(EthAddress provider) {
        return Optional.ofNullable(snapshot.providers().get(provider));
    }

    /**
     * The events of a committed append, in chain order: the last one per key wins. Nothing if not loaded, but the
     * caregiver pairs, which load on their own.
     */
    void apply(List<ChainEvent> events) {
        caregivers.ifPresent(pairs -> pairs.observe(events));
        Snapshot current = snapshot;
        if (current == null) {
            return;
        }
        for (ChainEvent event : events) {
            if (event instanceof ChainEvent.Consent consent) {
                current.grants().put(consent.key(), state(consent));
            } else if (event instanceof ChainEvent.Provider provider) {
                current.providers().put(provider.provider(), state(provider));
            }
        }
    }

    /** After a rollback: each touched key's latest remaining state, or gone where none remains. */
    void replace(RemainingStates remaining) {
        Snapshot current = snapshot;
        if (current == null) {
            return;
        }
        remaining.grants().forEach((key, state) -> state.ifPresentOrElse(s -> current.grants().put(key, s),
                () -> current.grants().remove(key)));
        remaining.providers().forEach((provider, state) -> state.ifPresentOrElse(
                s -> current.providers().put(provider, s), () -> current.providers().remove(provider)));
    }

    static GrantState state(ChainEvent.Consent event) {
        return new GrantState(event.key().scope(), event.revoked() ? 0 : event.expiresAt(), event.revoked(),
                event.at().blockNumber());
    }

    static ProviderState state(ChainEvent.Provider event) {
        return new ProviderState(event.status(), event.at().blockNumber());
    }
}
