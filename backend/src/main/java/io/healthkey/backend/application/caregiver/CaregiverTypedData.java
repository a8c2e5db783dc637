package io.healthkey.backend.application.caregiver;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.healthkey.backend.application.consent.ConsentNonces;
import io.healthkey.backend.domain.consent.SignatureDeadlines;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.AppointmentMessage;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.CaregiverGrantRevocationMessage;
import io.healthkey.protocol.eip712.CaregiverRevocationMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.TypedData;
import reactor.core.publisher.Mono;

/** {@link CaregiverTypedDataUseCase} for the configured ConsentRegistry. */
public final class CaregiverTypedData implements CaregiverTypedDataUseCase {

    private final Eip712Domain domain;
    private final ConsentNonces nonces;
    private final SignatureDeadlines deadlines;
    private final Clock clock;

    public CaregiverTypedData(Eip712Domain domain, ConsentNonces nonces, SignatureDeadlines deadlines, Clock clock) {
        this.domain = domain;
        this.nonces = nonces;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    @Override
    public Mono<TypedData> appointment(EthAddress appointer, EthAddress patient, EthAddress caregiver,
            List<Scope> scopes, CaregiverPowers powers, Instant expiresAt, Optional<Instant> deadline) {
        return signBy(deadline, Optional.of(expiresAt)).flatMap(signBy -> nonces.next(appointer)
                .map(nonce -> TypedData.of(domain, new AppointmentMessage(appointer, patient, caregiver, scopes,
                        powers, expiresAt, nonce, signBy))));
    }

    @Override
    public Mono<TypedData> revocation(EthAddress patient, EthAddress caregiver, Optional<Instant> deadline) {
        return signBy(deadline, Optional.empty()).flatMap(signBy -> nonces.next(patient)
                .map(nonce -> TypedData.of(domain, new CaregiverRevocationMessage(patient, caregiver, nonce,
                        signBy))));
    }

    @Override
    public Mono<TypedData> grant(EthAddress caregiver, EthAddress patient, EthAddress grantee, Scope scope,
            Action action, Purpose purpose, Instant expiresAt, Optional<Instant> deadline) {
        return signBy(deadline, Optional.of(expiresAt)).flatMap(signBy -> nonces.next(caregiver)
                .map(nonce -> TypedData.of(domain, CaregiverGrantMessage.of(caregiver, patient, grantee, scope,
                        action, purpose, expiresAt, nonce, signBy))));
    }

    @Override
    public Mono<TypedData> grantRevocation(EthAddress caregiver, EthAddress patient, EthAddress grantee, Scope scope,
            Action action, Optional<Instant> deadline) {
        return signBy(deadline, Optional.empty()).flatMap(signBy -> nonces.next(caregiver)
                .map(nonce -> TypedData.of(domain, CaregiverGrantRevocationMessage.of(caregiver, patient, grantee,
                        scope, action, nonce, signBy))));
    }

    private Mono<Instant> signBy(Optional<Instant> deadline, Optional<Instant> expiresAt) {
        return Mono.fromCallable(() -> deadlines.signBy(deadline, expiresAt, clock.instant()));
    }
}
