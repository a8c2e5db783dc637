package io.healthkey.backend.adapter.outbound.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * The event index's projections, in memory only: the latest grant or revocation per grant slot and the latest status
 * per provider, folded from the stored events. A permission check reads two maps instead of making database round
 * trips, and the index writes no projection rows: a row per grant slot, keyed by addresses and a scope in no useful
 * order, cost H2 more than storing the events themselves (backfill profile, benchmarks/README.md).
 *
 * <p>Folded whole from the events when the indexer starts, updated key by key after each committed append, and for
 * the keys a rollback touched after it commits. Between rollbacks each key only moves forward, so a reader never sees
 * a grant again after having seen its revocation; a batch is not atomic across keys (the indexer's status tells
 * checks when not to trust the index). Costs about 300 bytes per grant slot.
 */
final class IndexProjections {

    private record Snapshot(Map<GrantKey, GrantState> grants, Map<EthAddress, ProviderState> providers) {
    }

    private volatile Snapshot snapshot;

    boolean isLoaded() {
        return snapshot != null;
    }

    /** Replaces everything (after folding the stored events). */
    void load(Map<GrantKey, GrantState> grants, Map<EthAddress, ProviderState> providers) {
        snapshot = new Snapshot(new ConcurrentHashMap<>(grants), new ConcurrentHashMap<>(providers));
    }

    /** Forgets everything: reads go to the stored events until the next {@link #load}. */
    void unload() {
        snapshot = null;
    }

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

    Optional<ProviderState> provider(EthAddress provider) {
        return Optional.ofNullable(snapshot.providers().get(provider));
    }

    /** The events of a committed append, in chain order: the last one per key wins. Nothing if not loaded. */
    void apply(List<ChainEvent> events) {
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

    /** After a rollback: each key's latest remaining state, or empty where no event of the key remains. */
    void replace(Map<GrantKey, Optional<GrantState>> grants, Map<EthAddress, Optional<ProviderState>> providers) {
        Snapshot current = snapshot;
        if (current == null) {
            return;
        }
        grants.forEach((key, state) -> state.ifPresentOrElse(s -> current.grants().put(key, s),
                () -> current.grants().remove(key)));
        providers.forEach((provider, state) -> state.ifPresentOrElse(s -> current.providers().put(provider, s),
                () -> current.providers().remove(provider)));
    }

    static GrantState state(ChainEvent.Consent event) {
        return new GrantState(event.key().scope(), event.revoked() ? 0 : event.expiresAt(), event.revoked(),
                event.at().blockNumber());
    }

    static ProviderState state(ChainEvent.Provider event) {
        return new ProviderState(event.status(), event.at().blockNumber());
    }
}
