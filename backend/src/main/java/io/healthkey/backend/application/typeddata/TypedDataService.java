package io.healthkey.backend.application.typeddata;

import java.time.Instant;

import io.healthkey.backend.application.consent.ConsentNonces;
import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
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

    /** {@code consent} gives the patient's next nonce, pending intents in the outbox counted. */
    public TypedDataService(Deployment deployment, ConsentNonces consent, ParticipantDirectoryPort directory) {
        this.consentDomain = Eip712Domain.consentRegistry(deployment.chainId(), deployment.consentRegistry());
        this.directoryDomain = Eip712Domain.participantDirectory(deployment.chainId(),
                deployment.participantDirectory());
        this.consent = consent;
        this.directory = directory;
    }

    @Override
    public Mono<TypedData> grant(EthAddress patient, EthAddress grantee, Scope scope, Action action, Purpose purpose,
            Instant expiresAt, Instant deadline) {
        return consent.next(patient).map(nonce -> TypedData.of(consentDomain,
                new GrantMessage(patient, grantee, scope, action, purpose, expiresAt, nonce, deadline)));
    }

    @Override
    public Mono<TypedData> revocation(EthAddress patient, EthAddress grantee, Scope scope, Action action,
            Instant deadline) {
        return consent.next(patient).map(nonce -> TypedData.of(consentDomain,
                new RevocationMessage(patient, grantee, scope, action, nonce, deadline)));
    }

    @Override
    public Mono<TypedData> keyPublication(EthAddress account, EncryptionPublicKey publicKey, Instant deadline) {
        return directory.nextNonce(account).map(nonce -> TypedData.of(directoryDomain,
                new KeyPublicationMessage(account, publicKey, nonce, deadline)));
    }
}
