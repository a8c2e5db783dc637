package io.healthkey.backend.application.availability;

import java.util.Objects;

import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/** An anchored record version to audit: its id and the CID the chain anchored for it. */
public record AuditedVersion(RecordId id, Cid cid) {

    public AuditedVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cid, "cid");
    }
}
