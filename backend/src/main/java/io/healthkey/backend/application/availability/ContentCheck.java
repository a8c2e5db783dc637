package io.healthkey.backend.application.availability;

import java.util.Set;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/** The sampled check of a location's blocks: every block of the DAG fetched from there and checked by its hash. */
public enum ContentCheck {
    /** Every block came back and matched its CID. */
    INTACT,
    /** A block was absent, or did not match its CID (never served then). */
    MISSING,
    /** The location did not answer in time. */
    UNREACHABLE,
    /** The location offers no way to fetch its blocks (a pinning service without a retrieval gateway). */
    NOT_CHECKED;

    /** The failures that say the location answered without a correct copy, rather than that it did not answer. */
    private static final Set<ErrorCode> LACKS_COPY = Set.of(ErrorCode.CONTENT_NOT_FOUND, ErrorCode.CONTENT_INTEGRITY,
            ErrorCode.CONTENT_NOT_A_FILE);

    /** What a failed read of the blocks says: {@link #MISSING} for an absent or wrong block, else unreachable. */
    public static ContentCheck ofFailure(Throwable failure) {
        return failure instanceof DomainException domain && LACKS_COPY.contains(domain.errorCode()) ? MISSING
                : UNREACHABLE;
    }
}
