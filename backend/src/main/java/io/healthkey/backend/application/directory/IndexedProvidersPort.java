package io.healthkey.backend.application.directory;

import java.util.Collection;
import java.util.Map;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The participant directory as the event index holds it, for listing: only what the index holds, so the events of
 * blocks a reorganisation dropped are gone.
 */
public interface IndexedProvidersPort {

    /**
     * Every indexed {@code ProviderAccredited} (its name as detail), {@code ProviderSuspended} and
     * {@code ProviderReinstated}, oldest first (block, then log).
     */
    Flux<ChainEvent.Provider> providerEvents();

    /** The newest indexed {@code EncryptionKeyPublished} of each of {@code accounts} that has one. */
    Mono<Map<EthAddress, ChainEvent.KeyPublished>> latestKeys(Collection<EthAddress> accounts);
}
