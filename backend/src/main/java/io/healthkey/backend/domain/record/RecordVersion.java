package io.healthkey.backend.domain.record;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/**
 * One version of a patient's record as this service knows it. The chain is the authority on which CID a version
 * has; {@link #cid} is what was stored here and is compared with the chain before any byte is served.
 *
 * @param author who uploaded it: the patient, or a provider with WRITE access
 * @param mediaType the plaintext's media type, e.g. {@code application/fhir+json}
 * @param cid the ciphertext's CID, empty while {@link RecordStatus#RESERVED}
 * @param size the ciphertext's size in bytes, 0 while reserved
 * @param chainRequest the request that anchors it, empty while reserved
 * @param supersededBy the later version that replaced this one, if any
 * @param rekeyRequired a reader lost access after this version was written: the next version needs a new key
 */
public record RecordVersion(
        RecordId id,
        EthAddress author,
        RecordOrigin origin,
        RecordStatus status,
        String mediaType,
        Optional<RecordId> supersedes,
        Optional<Cid> cid,
        long size,
        Optional<String> chainRequest,
        Optional<RecordId> supersededBy,
        boolean rekeyRequired,
        Instant createdAt,
        Instant expiresAt) {

    public RecordVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(supersedes, "supersedes");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(chainRequest, "chainRequest");
        Objects.requireNonNull(supersededBy, "supersededBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public EthAddress patient() {
        return id.patient();
    }

    /** Whether a reservation can still take its upload at {@code now}. */
    public boolean awaitsUploadAt(Instant now) {
        return status == RecordStatus.RESERVED && now.isBefore(expiresAt);
    }
}
