package io.healthkey.backend.application.consent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;
import reactor.core.publisher.Mono;

/**
 * What follows a REVOCATION request. CONFIRMED: it is journaled ({@link ConfirmedConsentJournal}), and for each of
 * the patient's records in its scope whose key the grantee holds, the chain is asked whether they may still read it
 * (another grant may cover it); where not, the key is dropped and the record marked for re-keying. FAILED: nothing
 * to undo; it denied while pending only because its request was not final (PendingRevocations).
 */
final class RevocationEffects implements ChainRequestEffects {

    private static final Logger log = LoggerFactory.getLogger(RevocationEffects.class);

    private final ConfirmedConsentJournal confirmations;
    private final ConsentRegistryPort chain;
    private final RecordRepositoryPort records;

    RevocationEffects(ConfirmedConsentJournal confirmations, ConsentRegistryPort chain, RecordRepositoryPort records) {
        this.confirmations = confirmations;
        this.chain = chain;
        this.records = records;
    }

    @Override
    public Mono<Void> onConfirmed(ChainRequest request) {
        Mono<Void> journaled = confirmations.record(request);
        if (!(request.intent() instanceof RevocationIntent revocation)) {
            return journaled; // accepted before the outbox stored its terms (migration V4): its scope is unknown
        }
        return journaled.then(forgetRevokedKeys(request.patient(), revocation.grantee(), revocation.scope()));
    }

    @Override
    public Mono<Void> onFailed(ChainRequest request) {
        return Mono.empty();
    }

    /** The revocation is already final on chain, so a failure here is logged, not answered. */
    private Mono<Void> forgetRevokedKeys(EthAddress patient, EthAddress grantee, Scope scope) {
        return records.forPatient(patient)
                .filter(version -> scope.covers(version.id()))
                .concatMap(version -> records.keyFor(version.id(), grantee)
                        .flatMap(key -> chain.hasAccess(new AccessQuery(patient, grantee, version.id(), Action.READ)))
                        .filter(decision -> !decision.allowed())
                        .flatMap(decision -> records.deleteKey(version.id(), grantee)
                                .then(records.markRekeyRequired(version.id()))))
                .then()
                .onErrorResume(failure -> {
                    log.warn("revocation for {} is mined but its keys were not all dropped: {}", patient,
                            failure.toString());
                    return Mono.empty();
                });
    }
}
