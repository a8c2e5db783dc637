package io.healthkey.backend.adapter.inbound.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.RecordDtos.EmergencyWindowOfRead;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.domain.receipt.LostReadLog;
import io.healthkey.backend.domain.receipt.ReadProof;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.receipt.RootPublication;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.receipt.ReadReceipt;

/** Read receipt proofs as JSON: every value a verifier needs, uint64s as decimal strings (beyond 2^53). */
final class ReceiptDtos {

    private ReceiptDtos() {
    }

    @Schema(name = "LostReadLog", requiredProperties = {"batches", "reads"})
    record LostReadLogResponse(
            @Schema(description = "read receipt batches on chain, from the first, of which this database holds none")
            long batches,
            @Schema(description = "the reads those batches commit to, every patient's") long reads) {

        static LostReadLogResponse of(LostReadLog lost) {
            return new LostReadLogResponse(lost.batches(), lost.reads());
        }
    }

    /**
     * @param leaf the receipt's fields, declared in leaf order: {@code StandardMerkleTree} takes them, as an array,
     *        with {@code leafTypes}
     * @param leafHash {@code keccak256(keccak256(abi.encode(leaf)))}
     * @param proof sibling hashes from the leaf up, for {@code MerkleProof.verify} or the contract's {@code verify}
     * @param emergency whether the read was made through an emergency window: beside the proof, not in the leaf
     */
    @Schema(name = "ReadProof", requiredProperties = {"readId", "leaf", "leafTypes", "leafHash", "proof", "batch",
            "chainId", "contract", "emergency"})
    record ReadProofResponse(long readId, Leaf leaf,
            @Schema(description = "the Solidity types of the leaf's fields, in order") List<String> leafTypes,
            @Schema(pattern = ApiPatterns.BYTES32) String leafHash,
            @ArraySchema(arraySchema = @Schema(description = "sibling hashes from the leaf up"),
                    schema = @Schema(pattern = ApiPatterns.BYTES32)) List<String> proof,
            Batch batch, long chainId,
            @Schema(description = "the ReadReceiptRoots contract", pattern = ApiPatterns.ADDRESS) String contract,
            @Schema(description = "whether the read was made through an emergency window. Not part of the leaf: "
                    + "this service says so, the chain commits to the read only; the proof verifies the same either"
                    + " way") boolean emergency,
            @Schema(description = "an emergency read: the window it was made through; not part of the leaf")
            EmergencyWindowOfRead emergencyWindow) {

        static ReadProofResponse of(ReadProof proof) {
            ReadReceipt r = proof.receipt();
            Leaf leaf = new Leaf(r.salt().toHex(), Long.toString(r.readId()), r.patient().toString(),
                    r.reader().toString(), r.record().toHex(), Long.toString(r.readAt()), r.allowed(),
                    Long.toString(r.count()));
            return new ReadProofResponse(r.readId(), leaf, List.of(ReadReceipt.LEAF_TYPES),
                    r.leafHash().toHex(), proof.proof().stream().map(Bytes32::toHex).toList(), Batch.of(proof.batch()),
                    proof.chainId(), proof.contract().toString(), proof.emergency().isPresent(),
                    EmergencyWindowOfRead.of(proof.emergency()));
        }
    }

    /** The receipt's eight fields; {@code count} is 1, or the number of denied reads of an aggregate. */
    @Schema(name = "ReceiptLeaf", requiredProperties = {"salt", "readId", "patient", "reader", "recordId", "readAt",
            "allowed", "count"})
    record Leaf(@Schema(pattern = ApiPatterns.BYTES32) String salt,
            @Schema(description = "uint64 in decimal", pattern = ApiPatterns.UINT) String readId,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String reader,
            @Schema(pattern = ApiPatterns.BYTES32) String recordId,
            @Schema(description = "when: " + ApiPatterns.UNIX_SECONDS_UNIT, pattern = ApiPatterns.UNIX_SECONDS)
            String readAt,
            boolean allowed,
            @Schema(description = "1, or how many denied reads the aggregate counts; uint64 in decimal",
                    pattern = ApiPatterns.UINT) String count) {
    }

    /** The batch on chain: {@code batchOf(number)} of the contract returns the same root. */
    @Schema(name = "ReceiptBatch", requiredProperties = {"number", "root", "leafCount", "firstReadId", "lastReadId"})
    record Batch(long number, @Schema(pattern = ApiPatterns.BYTES32) String root, int leafCount, long firstReadId,
            long lastReadId, @Schema(pattern = ApiPatterns.BYTES32) String transactionHash, Long blockNumber) {

        static Batch of(ReceiptBatch batch) {
            return new Batch(batch.number(), batch.root().toHex(), batch.leafCount(), batch.firstReadId(),
                    batch.lastReadId(), batch.publication().map(RootPublication::transactionHash).orElse(null),
                    batch.publication().map(RootPublication::blockNumber).orElse(null));
        }
    }
}
