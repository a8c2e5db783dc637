package io.healthkey.backend.application.service;

import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.port.in.AccessCheckUseCase;
import io.healthkey.backend.application.port.in.RelayReceipt;
import io.healthkey.backend.application.port.in.QueryConsentUseCase;
import io.healthkey.backend.application.port.in.RelayConsentUseCase;
import io.healthkey.backend.application.port.out.ChainRequestPort;
import io.healthkey.backend.application.port.out.ConsentChainPort;
import io.healthkey.backend.application.port.out.ConsentLogPort;
import io.healthkey.backend.application.port.out.RecordRepositoryPort;
import io.healthkey.backend.application.port.out.RelayJournalPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RelayedTransaction;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.RevocationMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Relays consent changes and answers consent questions: the chain is the source of truth for access, read through
 * the event index when it is current ({@link AccessCheckUseCase}).
 */
public final class ConsentService implements RelayConsentUseCase, QueryConsentUseCase {

    private static final Logger log = LoggerFactory.getLogger(ConsentService.class);

    private final ConsentChainPort chain;
    private final AccessCheckUseCase access;
    private final RelayJournalPort journal;
    private final ConsentLogPort consentLog;
    private final ChainRequestPort requests;
    private final RecordRepositoryPort records;
    private final Clock clock;

    public ConsentService(ConsentChainPort chain, AccessCheckUseCase access, RelayJournalPort journal,
            ConsentLogPort consentLog, ChainRequestPort requests, RecordRepositoryPort records, Clock clock) {
        this.chain = chain;
        this.access = access;
        this.journal = journal;
        this.consentLog = consentLog;
        this.requests = requests;
        this.records = records;
        this.clock = clock;
    }

    @Override
    public Mono<RelayReceipt> relay(EthAddress caller, SignedGrant signed, List<RecordKeyForGrantee> keys) {
        GrantMessage grant = signed.grant();
        return requirePatient(caller, grant.patient())
                .then(checkKeys(grant, keys))
                .then(chain.relayGrant(signed))
                .doOnNext(mined -> access.observeMined(mined.blockNumber()))
                .flatMap(mined -> consentLog.append(new ConsentChange(ConsentChange.Kind.GRANTED, grant.patient(),
                                grant.grantee(), grant.scope(), grant.action(), Optional.of(grant.purpose()),
                                Optional.of(grant.expiresAt()), mined, clock.instant()))
                        .then(Flux.fromIterable(keys)
                                .concatMap(key -> records.saveKeys(key.record(),
                                        List.of(new ReaderKey(grant.grantee(), key.wrappedKey()))))
                                .then())
                        .then(settle(RelayKind.GRANT, grant.patient(), grant.grantee(), mined)));
    }

    @Override
    public Mono<RelayReceipt> relay(EthAddress caller, SignedRevocation signed) {
        RevocationMessage revocation = signed.revocation();
        GrantKey key = new GrantKey(revocation.patient(), revocation.grantee(), revocation.scope().toBytes32(),
                revocation.action().code());
        return requirePatient(caller, revocation.patient())
                .then(Mono.fromRunnable(() -> access.markRevocationPending(key)))
                .then(chain.relayRevocation(signed))
                .doOnNext(mined -> access.observeMined(mined.blockNumber()))
                .doOnError(failure -> {
                    // a receipt timeout leaves the revocation possibly mined later: it stays pending
                    if (!(failure instanceof DomainException domain
                            && domain.errorCode() == ErrorCode.CHAIN_RECEIPT_TIMEOUT)) {
                        access.clearPendingRevocation(key);
                    }
                })
                .flatMap(mined -> consentLog.append(new ConsentChange(ConsentChange.Kind.REVOKED,
                                revocation.patient(), revocation.grantee(), revocation.scope(), revocation.action(),
                                Optional.empty(), Optional.empty(), mined, clock.instant()))
                        .then(forgetRevokedKeys(revocation))
                        .then(settle(RelayKind.REVOCATION, revocation.patient(), revocation.grantee(), mined)));
    }

    @Override
    public Mono<AccessDecision> check(AccessQuery query) {
        return access.check(query);
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress patient) {
        return chain.nextNonce(patient);
    }

    private static Mono<Void> requirePatient(EthAddress caller, EthAddress patient) {
        return caller.equals(patient) ? Mono.empty() : Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                "only the signed-in patient may relay their own consent"));
    }

    /** Every key is for an existing record of the patient within the grant's scope, and the grant is READ. */
    private Mono<Void> checkKeys(GrantMessage grant, List<RecordKeyForGrantee> keys) {
        if (!keys.isEmpty() && grant.action() != Action.READ) {
            return Mono.error(new DomainException(ErrorCode.REQUEST_INVALID_FIELD,
                    "recordKeys come with READ grants only"));
        }
        return Flux.fromIterable(keys)
                .concatMap(key -> {
                    if (!key.record().patient().equals(grant.patient()) || !grant.scope().covers(key.record())) {
                        return Mono.error(new DomainException(ErrorCode.REQUEST_INVALID_FIELD,
                                "recordKeys holds " + key.record().toHex() + ", which the grant's scope does not cover"));
                    }
                    return records.find(key.record()).switchIfEmpty(Mono.error(() -> new DomainException(
                            ErrorCode.RECORD_NOT_FOUND, "no record " + key.record().toHex())));
                })
                .then();
    }

    /**
     * After a revocation: for each of the patient's records the grantee holds a key to, asks the chain whether they
     * may still read it (another grant may cover it); where not, the key is dropped and the record marked for
     * re-keying. The revocation itself is already final on chain, so a failure here is logged, not answered.
     */
    private Mono<Void> forgetRevokedKeys(RevocationMessage revocation) {
        EthAddress patient = revocation.patient();
        EthAddress grantee = revocation.grantee();
        Scope scope = revocation.scope();
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

    private Mono<RelayReceipt> settle(RelayKind kind, EthAddress patient, EthAddress grantee, MinedTransaction mined) {
        ChainRequest request = ChainRequest.accepted(UUID.randomUUID().toString(), kind, patient, patient,
                grantee.toString(), clock.instant()).mined(mined, clock.instant());
        return journal.append(new RelayedTransaction(kind, patient, mined, clock.instant()))
                .then(requests.save(request))
                .thenReturn(new RelayReceipt(mined, request));
    }
}
