package io.healthkey.backend.application.consent;

import java.util.List;

import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.eip712.GrantMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The record keys a grant's signer wrapped for the grantee: checked before the grant is accepted, stored with it. */
public final class GrantedKeys {

    private final RecordRepositoryPort records;

    public GrantedKeys(RecordRepositoryPort records) {
        this.records = records;
    }

    /** Every key is for an existing record of the patient within the grant's scope, and the grant is READ. */
    public Mono<Void> check(GrantMessage grant, List<RecordKeyForGrantee> keys) {
        if (!keys.isEmpty() && grant.action() != Action.READ) {
            return Mono.error(new DomainException(ErrorCode.REQUEST_INVALID_FIELD,
                    "recordKeys come with READ grants only"));
        }
        return Flux.fromIterable(keys)
                .concatMap(key -> {
                    if (!key.record().patient().equals(grant.patient()) || !grant.scope().covers(key.record())) {
                        return Mono.error(new DomainException(ErrorCode.REQUEST_INVALID_FIELD,
                                "recordKeys holds a record the grant's scope does not cover"));
                    }
                    return records.find(key.record()).switchIfEmpty(Mono.error(() -> new DomainException(
                            ErrorCode.RECORD_NOT_FOUND, "recordKeys names a record that does not exist")));
                })
                .then();
    }

    /** Stores the keys for the grant's grantee (in the outbox's transaction, alongside the grant's request). */
    public Mono<Void> save(GrantMessage grant, List<RecordKeyForGrantee> keys) {
        return Flux.fromIterable(keys)
                .concatMap(key -> records.saveKeys(key.record(),
                        List.of(new ReaderKey(grant.grantee(), key.wrappedKey()))))
                .then();
    }
}
