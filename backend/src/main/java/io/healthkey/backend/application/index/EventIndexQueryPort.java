package io.healthkey.backend.application.index;

import java.util.List;
import java.util.Optional;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the stored events by query. Access checks read grant slots and providers through {@link IndexLookups}, which
 * asks this port only until the in-memory projections are loaded.
 */
public interface EventIndexQueryPort {

    /** The latest state of each given slot, from its newest consent event; slots never granted are absent. */
    Mono<List<GrantState>> grants(EthAddress patient, EthAddress grantee, int action, List<Bytes32> scopes);

    /** The provider's state after its newest status change; empty if none. */
    Mono<Optional<ProviderState>> provider(EthAddress provider);

    /** The indexed {@code RecordAnchored} of {@code id}; empty if none. */
    Mono<AnchoredRecord> anchored(RecordId id);

    /** The {@code RecordAnchored} events of {@code patient}'s records the index holds, oldest first. */
    Flux<AnchoredRecord> anchorsOf(EthAddress patient);

    /** The patient's {@code AccessGranted} and {@code AccessRevoked} events, newest first. */
    Flux<ChainEvent.Consent> consentEvents(EthAddress patient);
}
