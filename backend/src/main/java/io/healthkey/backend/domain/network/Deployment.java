package io.healthkey.backend.domain.network;

import java.util.Objects;

import io.healthkey.protocol.EthAddress;

/**
 * The contracts of one deployment on one chain.
 *
 * @param startBlock the first block holding any of them: event indexing starts there
 */
public record Deployment(long chainId, long startBlock, EthAddress participantDirectory, EthAddress consentRegistry,
        EthAddress recordRegistry, EthAddress readReceiptRoots) {

    public Deployment {
        if (chainId <= 0) {
            throw new IllegalArgumentException("chain id must be positive: " + chainId);
        }
        if (startBlock < 0) {
            throw new IllegalArgumentException("start block must not be negative: " + startBlock);
        }
        Objects.requireNonNull(participantDirectory, "participantDirectory");
        Objects.requireNonNull(consentRegistry, "consentRegistry");
        Objects.requireNonNull(recordRegistry, "recordRegistry");
        Objects.requireNonNull(readReceiptRoots, "readReceiptRoots");
    }
}
