package io.healthkey.backend.application.service;

import java.time.Clock;
import java.util.UUID;

import io.healthkey.backend.application.port.in.RelayReceipt;
import io.healthkey.backend.application.port.in.PublishKeyUseCase;
import io.healthkey.backend.application.port.out.ChainRequestPort;
import io.healthkey.backend.application.port.out.DirectoryChainPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.directory.SignedKeyPublication;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** {@link PublishKeyUseCase} over the participant directory. */
public final class DirectoryService implements PublishKeyUseCase {

    private final DirectoryChainPort directory;
    private final ChainRequestPort requests;
    private final Clock clock;

    public DirectoryService(DirectoryChainPort directory, ChainRequestPort requests, Clock clock) {
        this.directory = directory;
        this.requests = requests;
        this.clock = clock;
    }

    @Override
    public Mono<RelayReceipt> publish(EthAddress caller, SignedKeyPublication publication) {
        EthAddress account = publication.publication().account();
        if (!caller.equals(account)) {
            return Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                    "only the signed-in account may publish its own key"));
        }
        return directory.relayKeyPublication(publication).flatMap(mined -> {
            ChainRequest request = ChainRequest.accepted(UUID.randomUUID().toString(), RelayKind.KEY_PUBLICATION,
                    account, account, account.toString(), clock.instant()).mined(mined, clock.instant());
            return requests.save(request).thenReturn(new RelayReceipt(mined, request));
        });
    }

    @Override
    public Mono<EncryptionPublicKey> keyOf(EthAddress account) {
        return directory.encryptionKeyOf(account);
    }
}
