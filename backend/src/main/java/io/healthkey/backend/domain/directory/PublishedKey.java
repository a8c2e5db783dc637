package io.healthkey.backend.domain.directory;

import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EncryptionPublicKey;

/**
 * An account's encryption key as the directory holds it now, and where on chain it was published, so that a dApp can
 * check the key against the chain instead of trusting this service: the {@code EncryptionKeyPublished} event of that
 * transaction must name the account and carry this key. The publication is empty while the event index has not
 * reached the block that published the key.
 */
public record PublishedKey(EncryptionPublicKey key, Optional<Publication> publication) {

    public PublishedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(publication, "publication");
    }

    /** The {@code EncryptionKeyPublished} log that published the key: its block and transaction. */
    public record Publication(long blockNumber, String blockHash, String transactionHash, int logIndex) {

        public Publication {
            Objects.requireNonNull(blockHash, "blockHash");
            Objects.requireNonNull(transactionHash, "transactionHash");
        }
    }
}
