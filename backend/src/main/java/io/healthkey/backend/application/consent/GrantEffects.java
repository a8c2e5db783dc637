package io.healthkey.backend.application.consent;

import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What follows a GRANT request. CONFIRMED: it is journaled ({@link ConfirmedConsentJournal}), whichever transaction
 * carried the patient's signed grant. FAILED (the outbox fails a grant only once its signed message can provably never
 * land): the record keys wrapped for the grantee and stored when it was accepted are dropped where they serve no grant.
 * A grantee holds one key per record, whatever grant it came with: a re-grant replaces the key an earlier grant
 * stored. So a key is kept while the chain still lets the grantee read the record (an earlier grant is live), or while
 * another grant of the patient's to the grantee that named the record is not final yet. A grant accepted before the
 * outbox stored its terms (migration V4) names no keys, and nothing is dropped.
 */
final class GrantEffects implements ChainRequestEffects {

    private final ConfirmedConsentJournal confirmations;
    private final RecordRepositoryPort records;
    private final ConsentRegistryPort chain;
    private final ConsentNonces pending;

    GrantEffects(ConfirmedConsentJournal confirmations, RecordRepositoryPort records, ConsentRegistryPort chain,
            ConsentNonces pending) {
        this.confirmations = confirmations;
        this.records = records;
        this.chain = chain;
        this.pending = pending;
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
                .filterWhen(record -> servesNoGrant(request, grant.grantee(), record))
                .concatMap(record -> records.deleteKey(record, grant.grantee()))
                .then();
    }

    private Mono<Boolean> servesNoGrant(ChainRequest failed, EthAddress grantee, RecordId record) {
        return chain.hasAccess(new AccessQuery(failed.patient(), grantee, record, Action.READ))
                .flatMap(decision -> decision.allowed() ? Mono.just(false)
                        : pending.pendingGrantHoldsKey(failed.patient(), grantee, record, failed.id())
                                .map(held -> !held));
    }
}
