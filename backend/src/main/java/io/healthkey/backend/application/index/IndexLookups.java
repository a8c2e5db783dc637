package io.healthkey.backend.application.index;

import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * Grant slots and provider states as access checks read them: from the {@link IndexProjections} once the indexer
 * has folded them, from the stored events by query before that (or while folding fails). Both say the same.
 */
public final class IndexLookups {

    private final IndexProjections projections;
    private final EventIndexQueryPort stored;

    public IndexLookups(IndexProjections projections, EventIndexQueryPort stored) {
        this.projections = projections;
        this.stored = stored;
    }

    /** The states of the given slots; slots never granted are absent. */
    public Mono<List<GrantState>> grants(EthAddress patient, EthAddress grantee, int action, List<Bytes32> scopes) {
        return projections.isLoaded() ? Mono.just(projections.grants(patient, grantee, action, scopes))
                : stored.grants(patient, grantee, action, scopes);
    }

    public Mono<Optional<ProviderState>> provider(EthAddress provider) {
        return projections.isLoaded() ? Mono.just(projections.provider(provider)) : stored.provider(provider);
    }
}
