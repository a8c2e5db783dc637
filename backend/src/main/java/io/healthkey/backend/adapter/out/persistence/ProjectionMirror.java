package io.healthkey.backend.adapter.out.persistence;

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
 * An in-memory copy of {@code grant_projection} and {@code provider_projection}: a permission check reads two maps
 * instead of making two database round trips. Loaded whole from the tables, updated key by key after each committed
 * append, replaced whole after a rollback. Each key only moves forward, so a reader never sees a grant again after
 * having seen its revocation; a batch is not atomic across keys. Costs about 300 bytes per grant slot.
 */
final class ProjectionMirror {

    private record Snapshot(Map<GrantKey, GrantState> grants, Map<EthAddress, ProviderState> providers) {
    }

    private volatile Snapshot snapshot;

    boolean isLoaded() {
        return snapshot != null;
    }

    /** Replaces the whole copy (after loading or reloading the tables). */
    void load(Map<GrantKey, GrantState> grants, Map<EthAddress, ProviderState> providers) {
        snapshot = new Snapshot(new ConcurrentHashMap<>(grants), new ConcurrentHashMap<>(providers));
    }

    /** Forgets everything: reads go to the tables until the next {@link #load}. */
    void unload() {
        snapshot = null;
    }

    boolean holdsGrant(GrantKey key) {
        Snapshot current = snapshot;
        return current == null || current.grants().containsKey(key);
    }

    boolean holdsProvider(EthAddress provider) {
        Snapshot current = snapshot;
        return current == null || current.providers().containsKey(provider);
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

    /** The latest event per key of a committed batch. */
    void apply(List<ChainEvent.Consent> grants, List<ChainEvent.Provider> providers) {
        Snapshot current = snapshot;
        if (current == null) {
            return;
        }
        grants.forEach(e -> current.grants().put(e.key(), state(e)));
        providers.forEach(e -> current.providers().put(e.provider(),
                new ProviderState(e.status(), e.at().blockNumber())));
    }

    static GrantState state(ChainEvent.Consent event) {
        return new GrantState(event.key().scope(), event.revoked() ? 0 : event.expiresAt(), event.revoked(),
                event.at().blockNumber());
    }
}
