package io.healthkey.backend.domain.receipt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.emergency.EmergencyFlag;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.receipt.ReadReceipt;

/**
 * What a patient needs to check that a read is committed to on chain: the receipt (whose leaf hash they recompute),
 * the sibling hashes up to the root, and where the root is: batch {@code batch.number()} of {@code contract}.
 * Beside them, and not part of the leaf, the emergency window the read was made through, if it was: the chain
 * commits to the read, this service alone says it was an emergency read (its window's event is on chain).
 */
public record ReadProof(ReadReceipt receipt, List<Bytes32> proof, ReceiptBatch batch, long chainId,
        EthAddress contract, Optional<EmergencyFlag> emergency) {

    public ReadProof {
        Objects.requireNonNull(receipt, "receipt");
        proof = List.copyOf(proof);
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(emergency, "emergency");
    }

    /** The proof of a read made through no emergency window. */
    public ReadProof(ReadReceipt receipt, List<Bytes32> proof, ReceiptBatch batch, long chainId, EthAddress contract) {
        this(receipt, proof, batch, chainId, contract, Optional.empty());
    }

    public ReadProof withEmergency(Optional<EmergencyFlag> flag) {
        return new ReadProof(receipt, proof, batch, chainId, contract, flag);
    }
}
