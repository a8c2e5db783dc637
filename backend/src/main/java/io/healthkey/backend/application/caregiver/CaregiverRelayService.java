package io.healthkey.backend.application.caregiver;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.application.consent.ConsentNonces;
import io.healthkey.backend.application.consent.GrantedKeys;
import io.healthkey.backend.application.consent.SignedConsentRelay;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.caregiver.SignedCaregiverMessage;
import io.healthkey.backend.domain.chain.CaregiverIntent;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.consent.RequestedConsent;
import io.healthkey.backend.domain.consent.SignatureDeadlines;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.AppointmentMessage;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.CaregiverGrantRevocationMessage;
import io.healthkey.protocol.eip712.CaregiverMessage;
import io.healthkey.protocol.eip712.CaregiverRevocationMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.RevocationMessage;
import io.healthkey.protocol.eip712.TypedData;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link RelayCaregiverUseCase}: the signer, its times, the chain's pre-checks ({@link CaregiverChecks}), the record
 * keys, then the signer's nonce order ({@link ConsentNonces}) and the relay ({@link SignedConsentRelay}). A
 * caregiver's grant and revocation are GRANT and REVOCATION requests whose account is the caregiver: what follows
 * them once final (the journal, keys dropped) is a patient's grant's and revocation's.
 */
public final class CaregiverRelayService implements RelayCaregiverUseCase {

    private final CaregiverRegistryPort chain;
    private final CaregiverChecks checks;
    private final AccessCheckUseCase access;
    private final RecordRepositoryPort records;
    private final GrantedKeys grantedKeys;
    private final OutboxAcceptor outbox;
    private final SignedConsentRelay relays;
    private final ConsentNonces nonces;
    private final SignatureDeadlines deadlines;
    private final Eip712Domain domain;
    private final Clock clock;

    public CaregiverRelayService(CaregiverRegistryPort chain, AccessCheckUseCase access, RecordRepositoryPort records,
            OutboxAcceptor outbox, SignedConsentRelay relays, ConsentNonces nonces, SignatureDeadlines deadlines,
            Eip712Domain domain, Clock clock) {
        this.chain = chain;
        this.checks = new CaregiverChecks(chain, clock);
        this.access = access;
        this.records = records;
        this.grantedKeys = new GrantedKeys(records);
        this.outbox = outbox;
        this.relays = relays;
        this.nonces = nonces;
        this.deadlines = deadlines;
        this.domain = domain;
        this.clock = clock;
    }

    @Override
    public Mono<RelayReceipt> appoint(EthAddress caller, SignedCaregiverMessage<AppointmentMessage> signed,
            List<RecordKeyForGrantee> keys) {
        AppointmentMessage appointment = signed.message();
        var intent = new CaregiverIntent.Appointment(appointment.caregiver(), appointment.scopes(),
                appointment.powers(), appointment.expiresAt(), appointment.nonce());
        return requireSigner(caller, appointment)
                .then(requireTimes(appointment.deadline(), Optional.of(appointment.expiresAt())))
                .then(checks.requireMayAppoint(appointment))
                .then(checkCaregiverKeys(appointment, keys))
                .then(nonces.place(appointment.appointer(), appointment.nonce()))
                .flatMap(placement -> relays.prepare(placement, RelayKind.CAREGIVER_APPOINTMENT,
                        appointment.patient(), appointment.caregiver().toString(), TypedData.of(domain, appointment),
                        signed.signature(), signature -> chain.appointmentCall(
                                new SignedCaregiverMessage<>(appointment, signature)), intent))
                .flatMap(request -> outbox.accept(request, Flux.fromIterable(keys)
                        .concatMap(key -> records.saveKeys(key.record(),
                                List.of(new ReaderKey(appointment.caregiver(), key.wrappedKey()))))
                        .then()))
                .map(RelayReceipt::new);
    }

    @Override
    public Mono<RelayReceipt> revoke(EthAddress caller, SignedCaregiverMessage<CaregiverRevocationMessage> signed) {
        CaregiverRevocationMessage revocation = signed.message();
        return requireSigner(caller, revocation)
                .then(requireTimes(revocation.deadline(), Optional.empty()))
                .then(checks.requireRevocable(revocation.patient(), revocation.caregiver()))
                .then(nonces.place(revocation.patient(), revocation.nonce()))
                .flatMap(placement -> relays.prepare(placement, RelayKind.CAREGIVER_REVOCATION,
                        revocation.patient(), revocation.caregiver().toString(), TypedData.of(domain, revocation),
                        signed.signature(), signature -> chain.caregiverRevocationCall(
                                new SignedCaregiverMessage<>(revocation, signature)),
                        new CaregiverIntent.Revocation(revocation.caregiver(), revocation.nonce())))
                .flatMap(request -> outbox.accept(request, Mono.empty()))
                .doOnNext(accepted -> access.markCaregiverRevocationPending(revocation.patient(),
                        revocation.caregiver()))
                .map(RelayReceipt::new);
    }

    @Override
    public Mono<RelayReceipt> grant(EthAddress caller, SignedCaregiverMessage<CaregiverGrantMessage> signed,
            List<RecordKeyForGrantee> keys) {
        CaregiverGrantMessage message = signed.message();
        GrantMessage grant = message.grant();
        GrantIntent intent = GrantIntent.of(grant, keys.stream().map(RecordKeyForGrantee::record).toList());
        return requireSigner(caller, message)
                .then(requireTimes(grant.deadline(), Optional.of(grant.expiresAt())))
                .then(checks.requireMayGrantOrRevoke(grant.patient(), message.caregiver(), grant.scope(),
                        grant.action(), Optional.of(grant.expiresAt())))
                .then(grantedKeys.check(grant, keys))
                .then(nonces.place(message.caregiver(), grant.nonce()))
                .flatMap(placement -> relays.prepare(placement, RelayKind.GRANT, grant.patient(),
                        grant.grantee().toString(), TypedData.of(domain, message), signed.signature(),
                        signature -> chain.grantCall(new SignedCaregiverMessage<>(message, signature)), intent))
                .flatMap(request -> outbox.accept(request, grantedKeys.save(grant, keys)))
                .map(RelayReceipt::new);
    }

    @Override
    public Mono<RelayReceipt> revokeGrant(EthAddress caller,
            SignedCaregiverMessage<CaregiverGrantRevocationMessage> signed) {
        CaregiverGrantRevocationMessage message = signed.message();
        RevocationMessage revocation = message.revocation();
        return requireSigner(caller, message)
                .then(requireTimes(revocation.deadline(), Optional.empty()))
                .then(checks.requireMayGrantOrRevoke(revocation.patient(), message.caregiver(), revocation.scope(),
                        revocation.action(), Optional.empty()))
                .then(nonces.place(message.caregiver(), revocation.nonce()))
                .flatMap(placement -> relays.prepare(placement, RelayKind.REVOCATION, revocation.patient(),
                        revocation.grantee().toString(), TypedData.of(domain, message), signed.signature(),
                        signature -> chain.grantRevocationCall(new SignedCaregiverMessage<>(message, signature)),
                        RevocationIntent.of(revocation)))
                .flatMap(request -> outbox.accept(request, Mono.empty()))
                .doOnNext(accepted -> RequestedConsent.of(accepted)
                        .ifPresent(terms -> access.markRevocationPending(terms.key())))
                .map(RelayReceipt::new);
    }

    /** Only the message's signer, signed in, relays it: a leaked signature is not replayed by others here. */
    private static Mono<Void> requireSigner(EthAddress caller, CaregiverMessage message) {
        return caller.equals(message.requiredSigner()) ? Mono.empty()
                : Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                        "only the signed-in signer of a caregiver message may relay it"));
    }

    private Mono<Void> requireTimes(Instant deadline, Optional<Instant> expiresAt) {
        return Mono.fromRunnable(() -> deadlines.requireTimes(deadline, expiresAt, clock.instant()));
    }

    /** Keys wrapped for the caregiver: each of an existing record of the patient that one of its scopes covers. */
    private Mono<Void> checkCaregiverKeys(AppointmentMessage appointment, List<RecordKeyForGrantee> keys) {
        return Flux.fromIterable(keys)
                .concatMap(key -> {
                    boolean covered = key.record().patient().equals(appointment.patient())
                            && appointment.scopes().stream().anyMatch(scope -> scope.covers(key.record()));
                    if (!covered) {
                        return Mono.error(new DomainException(ErrorCode.REQUEST_INVALID_FIELD,
                                "recordKeys holds a record the appointment's scopes do not cover"));
                    }
                    return records.find(key.record()).switchIfEmpty(Mono.error(() -> new DomainException(
                            ErrorCode.RECORD_NOT_FOUND, "recordKeys names a record that does not exist")));
                })
                .then();
    }
}
