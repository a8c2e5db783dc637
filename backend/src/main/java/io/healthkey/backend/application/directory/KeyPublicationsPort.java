package io.healthkey.backend.application.directory;

import io.healthkey.backend.domain.directory.PublishedKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** Where keys were published on chain, as the event index recorded their {@code EncryptionKeyPublished} events. */
public interface KeyPublicationsPort {

    /**
     * The newest indexed publication of {@code key} by {@code account}; empty if the index holds none (not published,
     * or not indexed yet). A reorganisation that drops the event drops it here too.
     */
    Mono<PublishedKey.Publication> newestOf(EthAddress account, EncryptionPublicKey key);
}
