package io.healthkey.backend.application.chainidentity;

import io.healthkey.backend.domain.network.ChainFingerprint;
import reactor.core.publisher.Mono;

/** The chain the node serves now. */
public interface ChainFingerprintSourcePort {

    /** The node's chain id and the hash of its block {@code blockNumber}; empty if the chain has no such block yet. */
    Mono<ChainFingerprint> fingerprintAt(long blockNumber);
}
