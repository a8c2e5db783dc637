package io.healthkey.backend.domain.receipt;

import java.util.List;
import java.util.Objects;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.receipt.ReadReceipt;

/**
 * What a patient needs to check that a read is committed to on chain: the receipt (whose leaf hash they recompute),
 * the sibling hashes up to the root, and where the root is: batch {@code batch.number()} of {@code contract}.
 */
public record ReadProof(ReadReceipt receipt, List<Bytes32> proof, ReceiptBatch batch, long chainId,
        EthAddress contract) {

    public ReadProof {
        Objects.requireNonNull(receipt, "receipt");
        proof = List.copyOf(proof);
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(contract, "contract");
    }
}
