package io.healthkey.backend.adapter.outbound.chain;

import java.util.List;
import java.util.Optional;

import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

import io.healthkey.backend.adapter.outbound.chain.contracts.RecordRegistry;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;

/** {@code RecordAnchored} logs as {@link AnchoredRecord}s. */
final class RecordAnchoredLogs {

    /** The event's topic 0. */
    static final String TOPIC = EventEncoder.encode(RecordRegistry.RECORDANCHORED_EVENT);

    private RecordAnchoredLogs() {
    }

    /**
     * The record in the one log that carries {@code id}, empty if none does.
     *
     * @throws IllegalStateException if several do: the contract makes that impossible (serials strictly increase per
     *         patient and the id holds the patient), so it means a faulty node or a deployment file naming the wrong
     *         contract, and picking one would vouch for content the chain does not identify unambiguously
     */
    static Optional<AnchoredRecord> single(RecordId id, List<Log> logs) {
        if (logs.size() > 1) {
            throw new IllegalStateException(logs.size() + " RecordAnchored logs for record " + id
                    + ": ids are unique on chain, so the node or the deployment's RecordRegistry address is wrong");
        }
        return logs.stream().findFirst().map(RecordAnchoredLogs::toAnchoredRecord);
    }

    static AnchoredRecord toAnchoredRecord(Log log) {
        var event = RecordRegistry.getRecordAnchoredEventFromLog(log);
        Bytes32 supersedes = Bytes32.fromBytes(event.supersedes);
        return new AnchoredRecord(
                RecordId.fromBytes32(Bytes32.fromBytes(event.id)),
                EthAddress.parse(event.author),
                Cid.of(Codec.fromCode(event.codec.longValueExact()), Bytes32.fromBytes(event.contentDigest)),
                supersedes.isZero() ? Optional.empty() : Optional.of(RecordId.fromBytes32(supersedes)),
                log.getTransactionHash(),
                log.getBlockNumber().longValueExact());
    }
}
