package io.healthkey.backend.domain.network;

import java.util.Objects;

/**
 * What tells one chain from another where it matters to a database: the chain id and the hash of one block (the
 * deployment's start block). Two chains with the same id, such as two runs of a dev node, differ in that hash.
 */
public record ChainFingerprint(long chainId, long blockNumber, String blockHash) {

    public ChainFingerprint {
        Objects.requireNonNull(blockHash, "blockHash");
    }
}
