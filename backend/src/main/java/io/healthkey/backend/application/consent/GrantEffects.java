package io.healthkey.backend.application.consent;

import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.GrantIntent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What follows a GRANT request. CONFIRMED: it is journaled ({@link ConfirmedConsentJournal}). FAILED: the record
 * keys wrapped for the grantee and stored when it was accepted are dropped, since the grantee holds no grant to use
 * them with; a grant accepted before the outbox stored its terms (migration V4) names no keys, and nothing is dropped.
 */
final class GrantEffects implements ChainRequestEffects {

    private final ConfirmedConsentJournal confirmations;
    private final RecordRepositoryPort records;

    GrantEffects(ConfirmedConsentJournal confirmations, RecordRepositoryPort records) {
        this.confirmations = confirmations;
        this.records = records;
    }

    @Override
    public Mono<Void> onConfirmed(ChainRequest request) {
        return confirmations.record(request);
    }

    @Override
    public Mono<Void> onFailed(ChainRequest request) {
        if (!(request.intent() instanceof GrantIntent grant)) {
            return Mono.empty();
        }
        return Flux.fromIterable(grant.keysFor())
                .concatMap(record -> records.deleteKey(record, grant.grantee()))
                .then();
    }
}
