package io.healthkey.backend.application.record;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/**
 * One stored part of an envelope uploaded in parts: bytes {@code [offset, offset + length)} of an envelope of
 * {@code envelopeLength} bytes, their SHA-256 (a retry with the same bytes gets the same answer), and the pinned node
 * that keeps their blocks ({@link PartedDag}).
 */
public record UploadPart(RecordId record, int number, long offset, long length, long envelopeLength, Bytes32 sha256,
        Cid node, Instant storedAt) {

    public UploadPart {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(storedAt, "storedAt");
        if (number < 0 || offset < 0 || length <= 0 || offset + length > envelopeLength) {
            throw new IllegalArgumentException("a part is a non-empty range inside its envelope");
        }
    }

    /** The offset of the first byte after this part. */
    public long end() {
        return offset + length;
    }

    /** Whether this part ends the envelope. */
    public boolean isLast() {
        return end() == envelopeLength;
    }

    /** Whether {@code range} with bytes of digest {@code sha256} is this very part again. */
    public boolean sameAs(PartRange range, Bytes32 sha256) {
        return range.offset() == offset && range.length() == length && range.envelopeLength() == envelopeLength
                && this.sha256.equals(sha256);
    }
}
