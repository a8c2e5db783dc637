package io.healthkey.backend.application.directory;

import java.util.Optional;

import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.directory.PublishedKey;
import io.healthkey.backend.domain.directory.SignedKeyPublication;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** {@link PublishKeyUseCase} over the participant directory; publications go out through the outbox. */
public final class DirectoryService implements PublishKeyUseCase {

    private final ParticipantDirectoryPort directory;
    private final KeyPublicationsPort publications;
    private final OutboxAcceptor outbox;

    public DirectoryService(ParticipantDirectoryPort directory, KeyPublicationsPort publications,
            OutboxAcceptor outbox) {
        this.directory = directory;
        this.publications = publications;
        this.outbox = outbox;
    }

    @Override
    public Mono<RelayReceipt> publish(EthAddress caller, SignedKeyPublication publication) {
        EthAddress account = publication.publication().account();
        if (!caller.equals(account)) {
            return Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                    "only the signed-in account may publish its own key"));
        }
        ChainCall call = directory.keyPublicationCall(publication);
        return outbox.simulate(call)
                .flatMap(gas -> outbox.accept(outbox.newRequest(RelayKind.KEY_PUBLICATION, account, account,
                        account.toString(), call, SubjectOnlyIntent.INSTANCE, gas), Mono.empty()))
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
