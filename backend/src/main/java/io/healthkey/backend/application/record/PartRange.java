package io.healthkey.backend.application.record;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * The bytes a part says it holds: {@code [offset, offset + length)} of an envelope of {@code envelopeLength} bytes
 * (an HTTP {@code Content-Range: bytes first-last/total}).
 */
public record PartRange(long offset, long length, long envelopeLength) {

    public PartRange {
        if (offset < 0 || length <= 0 || envelopeLength <= 0 || offset > envelopeLength - length) {
            throw new DomainException(ErrorCode.RECORD_PART_INVALID_RANGE,
                    "a part is a non-empty range of bytes inside its envelope");
        }
    }

    /** The range of {@code Content-Range: bytes first-last/total}, inclusive bounds. */
    public static PartRange ofInclusive(long first, long last, long total) {
        if (last < first || last - first == Long.MAX_VALUE) {
            throw new DomainException(ErrorCode.RECORD_PART_INVALID_RANGE, "the range ends before it starts");
        }
        return new PartRange(first, last - first + 1, total);
    }

    public long end() {
        return offset + length;
    }

    public boolean isLast() {
        return end() == envelopeLength;
    }
}
