package io.healthkey.backend.application.directory;

import java.util.Optional;

import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.directory.PublishedKey;
import io.healthkey.backend.domain.directory.SignedKeyPublication;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.KeyPublicationMessage;
import io.healthkey.protocol.eip712.TypedData;
import reactor.core.publisher.Mono;

/**
 * {@link PublishKeyUseCase} over the participant directory; publications go out through the outbox, signed by any
 * kind of account ({@link AccountRelays}: an account not deployed yet is deployed by the publication's transaction).
 */
public final class DirectoryService implements PublishKeyUseCase {

    private final ParticipantDirectoryPort directory;
    private final KeyPublicationsPort publications;
    private final OutboxAcceptor outbox;
    private final AccountRelays accounts;
    private final Eip712Domain domain;

    public DirectoryService(ParticipantDirectoryPort directory, KeyPublicationsPort publications,
            OutboxAcceptor outbox, AccountRelays accounts, Eip712Domain domain) {
        this.directory = directory;
        this.publications = publications;
        this.outbox = outbox;
        this.accounts = accounts;
        this.domain = domain;
    }

    @Override
    public Mono<RelayReceipt> publish(EthAddress caller, SignedKeyPublication publication) {
        EthAddress account = publication.publication().account();
        if (!caller.equals(account)) {
            return Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                    "only the signed-in account may publish its own key"));
        }
        KeyPublicationMessage message = publication.publication();
        return accounts.relayCall(account, TypedData.of(domain, message).digest(), publication.signature(),
                        signature -> directory.keyPublicationCall(new SignedKeyPublication(message, signature)),
                        ErrorCode.DIRECTORY_INVALID_SIGNER)
                .flatMap(call -> outbox.simulate(call).flatMap(gas -> outbox.accept(outbox.newRequest(
                        RelayKind.KEY_PUBLICATION, account, account, account.toString(), call,
                        SubjectOnlyIntent.INSTANCE, gas), Mono.empty())))
                .map(RelayReceipt::new);
    }

    @Override
    public Mono<PublishedKey> keyOf(EthAddress account) {
        return directory.encryptionKeyOf(account)
                .flatMap(key -> publications.newestOf(account, key)
                        .map(publication -> new PublishedKey(key, Optional.of(publication)))
                        .defaultIfEmpty(new PublishedKey(key, Optional.empty())));
    }
}
