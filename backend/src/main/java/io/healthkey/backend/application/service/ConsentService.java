package io.healthkey.backend.application.service;

import java.math.BigInteger;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.port.in.AccessCheckUseCase;
import io.healthkey.backend.application.port.in.QueryConsentUseCase;
import io.healthkey.backend.application.port.in.RelayConsentUseCase;
import io.healthkey.backend.application.port.in.RelayReceipt;
import io.healthkey.backend.application.port.out.ConsentChainPort;
import io.healthkey.backend.application.port.out.RecordRepositoryPort;
import io.healthkey.backend.application.port.out.RelayJournalPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.IntentPayload;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RelayedTransaction;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.RequestedConsent;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.RevocationMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Accepts consent changes into the outbox and answers consent questions; the chain is the only source of truth for
 * access. What follows a mined grant or revocation (the relay journal, dropping keys) runs as the outbox's
 * {@link #grantEffects()} and {@link #revocationEffects()}. Access is read through the event index when it is current
 * ({@link AccessCheckUseCase}); an accepted revocation denies at once, before it is even sent, because the checks
 * read the outbox's pending revocations. The patient's consent history is the index's (AuditService).
 */
public final class ConsentService implements RelayConsentUseCase, QueryConsentUseCase {

    private static final Logger log = LoggerFactory.getLogger(ConsentService.class);

    private final ConsentChainPort chain;
    private final AccessCheckUseCase access;
    private final RelayJournalPort journal;
    private final RecordRepositoryPort records;
    private final OutboxAcceptor outbox;
    private final Clock clock;

    public ConsentService(ConsentChainPort chain, AccessCheckUseCase access, RelayJournalPort journal,
            RecordRepositoryPort records, OutboxAcceptor outbox, Clock clock) {
        this.chain = chain;
        this.access = access;
        this.journal = journal;
        this.records = records;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public Mono<RelayReceipt> relay(EthAddress caller, SignedGrant signed, List<RecordKeyForGrantee> keys) {
        GrantMessage grant = signed.grant();
        ChainCall call = chain.grantCall(signed);
        IntentPayload payload = new IntentPayload(Map.of(
                "grantee", grant.grantee().toString(),
                "scope", grant.scope().toBytes32().toHex(),
                "action", Integer.toString(grant.action().code()),
                "purpose", Integer.toString(grant.purpose().code()),
                "expiresAt", Long.toString(grant.expiresAt().getEpochSecond()),
                "keys", keys.stream().map(key -> key.record().toHex()).collect(Collectors.joining(","))));
        return requirePatient(caller, grant.patient())
                .then(checkKeys(grant, keys))
                .then(outbox.simulate(call))
                .then(Mono.defer(() -> outbox.accept(
                        outbox.newRequest(RelayKind.GRANT, grant.patient(), grant.patient(),
                                grant.grantee().toString(), call, payload),
                        Flux.fromIterable(keys)
                                .concatMap(key -> records.saveKeys(key.record(),
                                        List.of(new ReaderKey(grant.grantee(), key.wrappedKey()))))
                                .then())))
                .map(RelayReceipt::new);
    }

    @Override
    public Mono<RelayReceipt> relay(EthAddress caller, SignedRevocation signed) {
        RevocationMessage revocation = signed.revocation();
        ChainCall call = chain.revocationCall(signed);
        IntentPayload payload = new IntentPayload(Map.of(
                "grantee", revocation.grantee().toString(),
                "scope", revocation.scope().toBytes32().toHex(),
                "action", Integer.toString(revocation.action().code())));
        return requirePatient(caller, revocation.patient())
                .then(outbox.simulate(call))
                .then(Mono.defer(() -> outbox.accept(
                        outbox.newRequest(RelayKind.REVOCATION, revocation.patient(), revocation.patient(),
                                revocation.grantee().toString(), call, payload),
                        Mono.empty())))
                .doOnNext(accepted -> RequestedConsent.of(accepted)
                        .ifPresent(terms -> access.markRevocationPending(terms.key())))
                .map(RelayReceipt::new);
    }

    @Override
    public Mono<AccessDecision> check(AccessQuery query) {
        return access.check(query);
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress patient) {
        return chain.nextNonce(patient);
    }

    /** A mined grant is journaled; a failed one drops the record keys stored with it. */
    public ChainRequestEffects grantEffects() {
        return new ChainRequestEffects() {
            @Override
            public Mono<Void> onMined(ChainRequest request) {
                request.transaction().ifPresent(mined -> access.observeMined(mined.blockNumber()));
                return journal(request);
            }

            @Override
            public Mono<Void> onFailed(ChainRequest request) {
                IntentPayload payload = IntentPayload.parse(request.payload());
                EthAddress grantee = EthAddress.parse(payload.require("grantee"));
                return Flux.fromStream(Arrays.stream(payload.require("keys").split(",")).filter(id -> !id.isEmpty()))
                        .concatMap(id -> records.deleteKey(RecordId.fromBytes32(Bytes32.parse(id)), grantee))
                        .then();
            }
        };
    }

    /**
     * A mined revocation is journaled, and the keys the grantee can no longer use are dropped. A failed one needs
     * nothing undone: it denied while pending only because its request was not final (PendingRevocations).
     */
    public ChainRequestEffects revocationEffects() {
        return new ChainRequestEffects() {
            @Override
            public Mono<Void> onMined(ChainRequest request) {
                IntentPayload payload = IntentPayload.parse(request.payload());
                request.transaction().ifPresent(mined -> access.observeMined(mined.blockNumber()));
                return journal(request)
                        .then(forgetRevokedKeys(request.patient(), EthAddress.parse(payload.require("grantee")),
                                scopeOf(request.patient(), payload)));
            }

            @Override
            public Mono<Void> onFailed(ChainRequest request) {
                return Mono.empty();
            }
        };
    }

    private Mono<Void> journal(ChainRequest request) {
        MinedTransaction mined = request.transaction().orElseThrow();
        return journal.append(new RelayedTransaction(request.kind(), request.patient(), mined, clock.instant()));
    }

    private static Scope scopeOf(EthAddress patient, IntentPayload payload) {
        return Scope.fromBytes32(patient, Bytes32.parse(payload.require("scope")));
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
