package io.healthkey.backend.domain.network;

import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EthAddress;

/**
 * The contracts of one deployment on one chain.
 *
 * @param startBlock the first block holding any of them: event indexing starts there
 * @param emergencyAccess the {@code EmergencyAccess} the {@code ConsentRegistry} deployed; empty for a registry that
 *     predates it (emergency access is then refused with {@code EMERGENCY-0020})
 */
public record Deployment(long chainId, long startBlock, EthAddress participantDirectory, EthAddress consentRegistry,
        EthAddress recordRegistry, EthAddress readReceiptRoots, Optional<EthAddress> emergencyAccess) {

    /** A deployment without emergency access. */
    public Deployment(long chainId, long startBlock, EthAddress participantDirectory, EthAddress consentRegistry,
            EthAddress recordRegistry, EthAddress readReceiptRoots) {
        this(chainId, startBlock, participantDirectory, consentRegistry, recordRegistry, readReceiptRoots,
                Optional.empty());
    }

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
        Objects.requireNonNull(emergencyAccess, "emergencyAccess");
    }
}
