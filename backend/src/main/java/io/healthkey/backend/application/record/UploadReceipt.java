package io.healthkey.backend.application.record;

import java.util.Objects;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.record.RecordVersion;

/** An accepted upload: the stored, pinned version and the request that anchors it. */
public record UploadReceipt(RecordVersion version, ChainRequest anchor) {

    public UploadReceipt {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(anchor, "anchor");
    }
}
