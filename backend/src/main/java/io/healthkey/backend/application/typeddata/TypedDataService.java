package io.healthkey.backend.application.typeddata;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.healthkey.backend.application.consent.ConsentNonces;
import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.domain.consent.SignatureDeadlines;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.KeyPublicationMessage;
import io.healthkey.protocol.eip712.RevocationMessage;
import io.healthkey.protocol.eip712.TypedData;
import reactor.core.publisher.Mono;

/** {@link TypedDataUseCase} for the configured deployment. */
public final class TypedDataService implements TypedDataUseCase {

    private final Eip712Domain consentDomain;
    private final Eip712Domain directoryDomain;
    private final ConsentNonces consent;
    private final ParticipantDirectoryPort directory;
    private final SignatureDeadlines deadlines;
    private final Clock clock;

    /** {@code consent} gives the patient's next nonce, pending intents in the outbox counted. */
    public TypedDataService(Deployment deployment, ConsentNonces consent, ParticipantDirectoryPort directory,
            SignatureDeadlines deadlines, Clock clock) {
        this.consentDomain = Eip712Domain.consentRegistry(deployment.chainId(), deployment.consentRegistry());
        this.directoryDomain = Eip712Domain.participantDirectory(deployment.chainId(),
                deployment.participantDirectory());
        this.consent = consent;
        this.directory = directory;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    @Override
    public Mono<TypedData> grant(EthAddress patient, EthAddress grantee, Scope scope, Action action, Purpose purpose,
            Instant expiresAt, Optional<Instant> deadline) {
        return consentDeadline(deadline, Optional.of(expiresAt))
                .flatMap(signBy -> consent.next(patient).map(nonce -> TypedData.of(consentDomain,
                        new GrantMessage(patient, grantee, scope, action, purpose, expiresAt, nonce, signBy))));
    }

    @Override
    public Mono<TypedData> revocation(EthAddress patient, EthAddress grantee, Scope scope, Action action,
            Optional<Instant> deadline) {
        return consentDeadline(deadline, Optional.empty())
                .flatMap(signBy -> consent.next(patient).map(nonce -> TypedData.of(consentDomain,
                        new RevocationMessage(patient, grantee, scope, action, nonce, signBy))));
    }

    @Override
    public Mono<TypedData> nonceCancellation(EthAddress patient, BigInteger newNonce, Optional<Instant> deadline) {
        return consentDeadline(deadline, Optional.empty())
                .flatMap(signBy -> consent.next(patient).map(nonce -> TypedData.of(consentDomain,
                        new CancelNoncesMessage(patient, requireAhead(newNonce, nonce), nonce, signBy))));
    }

    @Override
    public Mono<TypedData> keyPublication(EthAddress account, EncryptionPublicKey publicKey,
            Optional<Instant> deadline) {
        Instant signBy = deadline.orElseGet(() -> deadlines.defaultAt(clock.instant()));
        return directory.nextNonce(account).map(nonce -> TypedData.of(directoryDomain,
                new KeyPublicationMessage(account, publicKey, nonce, signBy)));
    }

    /** The deadline to sign with, checked as the relay will check it, and a grant's expiry ahead. */
    private Mono<Instant> consentDeadline(Optional<Instant> deadline, Optional<Instant> expiresAt) {
        return Mono.fromCallable(() -> deadlines.signBy(deadline, expiresAt, clock.instant()));
    }

    private static BigInteger requireAhead(BigInteger newNonce, BigInteger next) {
        BigInteger jump = newNonce.subtract(next);
        if (jump.signum() <= 0 || jump.compareTo(CancelNoncesMessage.MAX_NONCE_JUMP) > 0) {
            throw new DomainException(ErrorCode.CONSENT_INVALID_NEW_NONCE, "newNonce must be after the patient's "
                    + "next nonce " + next + ", by at most " + CancelNoncesMessage.MAX_NONCE_JUMP);
        }
        return newNonce;
    }
}
