package io.healthkey.backend.domain.record;

import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/** A record version as its {@code RecordAnchored} event tells it: the chain's word on which bytes it is. */
public record AnchoredRecord(RecordId id, EthAddress author, Cid cid, Optional<RecordId> supersedes,
        String transactionHash, long blockNumber) {

    public AnchoredRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(supersedes, "supersedes");
        Objects.requireNonNull(transactionHash, "transactionHash");
    }
}
