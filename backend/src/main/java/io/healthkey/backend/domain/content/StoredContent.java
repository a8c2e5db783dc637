package io.healthkey.backend.domain.content;

import java.util.Objects;

import io.healthkey.protocol.content.Cid;

/** Content kept in a content store: its root {@code cid} (what the chain anchors) and its size in bytes. */
public record StoredContent(Cid cid, long size) {

    public StoredContent {
        Objects.requireNonNull(cid);
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }
}
