package io.healthkey.backend.application.consent;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.NonceCancellationIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.RequestedConsent;
import io.healthkey.backend.domain.consent.SignatureDeadlines;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedNonceCancellation;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.RevocationMessage;
import io.healthkey.protocol.eip712.TypedData;
import reactor.core.publisher.Mono;

/**
 * Accepts consent changes into the outbox and answers consent questions; the chain is the only source of truth for
 * access. What follows a grant, revocation or nonce cancellation once final (the relay journal, dropping keys) runs
 * as the outbox's {@link #grantEffects()}, {@link #revocationEffects()} and {@link #nonceCancellationEffects()}.
 * Access is read through the event index when it is current ({@link AccessCheckUseCase}); an accepted revocation
 * denies at once, before it is even sent, because the checks read the outbox's pending revocations. The patient's
 * consent history is the index's (AuditService).
 */
public final class ConsentService implements RelayConsentUseCase, QueryConsentUseCase {

    private final ConsentRegistryPort chain;
    private final AccessCheckUseCase access;
    private final ConfirmedConsentJournal confirmations;
    private final RecordRepositoryPort records;
    private final OutboxAcceptor outbox;
    private final SignedConsentRelay relays;
    private final GrantedKeys grantedKeys;
    private final ConsentNonces nonces;
    private final SignatureDeadlines deadlines;
    private final Eip712Domain domain;
    private final Clock clock;

    public ConsentService(ConsentRegistryPort chain, AccessCheckUseCase access, RelayJournalPort journal,
            RecordRepositoryPort records, OutboxAcceptor outbox, AccountRelays accounts, ConsentNonces nonces,
            SignatureDeadlines deadlines, Eip712Domain domain, Clock clock) {
        this.chain = chain;
        this.nonces = nonces;
        this.deadlines = deadlines;
        this.domain = domain;
        this.access = access;
        this.confirmations = new ConfirmedConsentJournal(access, journal, clock);
        this.records = records;
        this.outbox = outbox;
        this.relays = new SignedConsentRelay(outbox, accounts);
        this.grantedKeys = new GrantedKeys(records);
        this.clock = clock;
    }

    @Override
    public Mono<RelayReceipt> relay(EthAddress caller, SignedGrant signed, List<RecordKeyForGrantee> keys) {
        GrantMessage grant = signed.grant();
        GrantIntent intent = GrantIntent.of(grant, keys.stream().map(RecordKeyForGrantee::record).toList());
        return requirePatient(caller, grant.patient())
                .then(requireTimes(grant.deadline(), Optional.of(grant.expiresAt())))
                .then(grantedKeys.check(grant, keys))
                .then(nonces.place(grant.patient(), grant.nonce()))
                .flatMap(placement -> prepare(placement, RelayKind.GRANT, grant.grantee(), TypedData.of(domain, grant),
                        signed.signature(), signature -> chain.grantCall(new SignedGrant(grant, signature)), intent))
                .flatMap(request -> outbox.accept(request, grantedKeys.save(grant, keys)))
                .map(RelayReceipt::new);
    }

    @Override
    public Mono<RelayReceipt> relay(EthAddress caller, SignedRevocation signed) {
        RevocationMessage revocation = signed.revocation();
        return requirePatient(caller, revocation.patient())
                .then(requireTimes(revocation.deadline(), Optional.empty()))
                .then(nonces.place(revocation.patient(), revocation.nonce()))
                .flatMap(placement -> prepare(placement, RelayKind.REVOCATION, revocation.grantee(),
                        TypedData.of(domain, revocation), signed.signature(),
                        signature -> chain.revocationCall(new SignedRevocation(revocation, signature)),
                        RevocationIntent.of(revocation)))
                .flatMap(request -> outbox.accept(request, Mono.empty()))
                .doOnNext(accepted -> RequestedConsent.of(accepted)
                        .ifPresent(terms -> access.markRevocationPending(terms.key())))
                .map(RelayReceipt::new);
    }

    @Override
    public Mono<RelayReceipt> relay(EthAddress caller, SignedNonceCancellation signed) {
        CancelNoncesMessage cancellation = signed.cancellation();
        EthAddress patient = cancellation.patient();
        return requirePatient(caller, patient)
                .then(requireTimes(cancellation.deadline(), Optional.empty()))
                .then(nonces.place(patient, cancellation.nonce()))
                .flatMap(placement -> prepare(placement, RelayKind.NONCE_CANCELLATION, patient,
                        TypedData.of(domain, cancellation), signed.signature(),
                        signature -> chain.cancellationCall(new SignedNonceCancellation(cancellation, signature)),
                        NonceCancellationIntent.of(cancellation)))
                .flatMap(request -> outbox.accept(request, Mono.empty()))
                .map(RelayReceipt::new);
    }

    @Override
    public Mono<AccessDecision> check(AccessQuery query) {
        return access.check(query);
    }

    /** One past the patient's highest grant or revocation pending in the outbox, else the chain's. */
    @Override
    public Mono<BigInteger> nextNonce(EthAddress patient) {
        return nonces.next(patient);
    }

    private Mono<ChainRequest> prepare(ConsentNonces.Placement placement, RelayKind kind, EthAddress grantee,
            TypedData data, AccountSignature signature, Function<AccountSignature, ChainCall> callWith,
            Intent intent) {
        EthAddress patient = data.message().requiredSigner();
        return relays.prepare(placement, kind, patient, grantee.toString(), data, signature, callWith, intent);
    }

    /** The deadline within {@link SignatureDeadlines}, and a grant's expiry in the future: checked before all else. */
    private Mono<Void> requireTimes(Instant deadline, Optional<Instant> expiresAt) {
        return Mono.fromRunnable(() -> deadlines.requireTimes(deadline, expiresAt, clock.instant()));
    }

    /** What follows a grant's request once it is final: see {@link GrantEffects}. */
    public ChainRequestEffects grantEffects() {
        return new GrantEffects(confirmations, records, chain, nonces);
    }

    /** What follows a revocation's request once it is final: see {@link RevocationEffects}. */
    public ChainRequestEffects revocationEffects() {
        return new RevocationEffects(confirmations, chain, records);
    }

    /**
     * What any consent request confirmed on chain journals (the relay journal, the block access checks wait for):
     * {@link ConfirmedConsentJournal}; a caregiver's appointment and revocation are journaled by it too.
     */
    public ChainRequestEffects journalEffects() {
        return confirmations;
    }

    /** What follows a nonce cancellation's request once it is final: see {@link ConfirmedConsentJournal}. */
    public ChainRequestEffects nonceCancellationEffects() {
        return confirmations;
    }

    private static Mono<Void> requirePatient(EthAddress caller, EthAddress patient) {
        return caller.equals(patient) ? Mono.empty() : Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                "only the signed-in patient may relay their own consent"));
    }
}
