package io.healthkey.backend.application.directory;

import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.directory.PublishedKey;
import io.healthkey.backend.domain.directory.SignedKeyPublication;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** Accounts publish the key record keys are wrapped for, by signature; the relayer pays. */
public interface PublishKeyUseCase {

    /** Relays the signed publication of the signed-in account ({@code REQUEST-0007} for anyone else's). */
    Mono<RelayReceipt> publish(EthAddress caller, SignedKeyPublication publication);

    /**
     * The account's key as the directory on chain holds it, with where it was published (its block and transaction)
     * once the event index holds that; empty if the account published none.
     */
    Mono<PublishedKey> keyOf(EthAddress account);
}
