package io.healthkey.backend.domain.record;

import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/**
 * A record version to anchor on chain: its id, who wrote it, the CID of its ciphertext, and the earlier version of
 * the same record it replaces, if any. Nothing here is health data: the chain sees ids, addresses and a hash.
 */
public record AnchorRequest(RecordId id, EthAddress author, Cid cid, Optional<RecordId> supersedes) {

    public AnchorRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(supersedes, "supersedes");
    }
}
