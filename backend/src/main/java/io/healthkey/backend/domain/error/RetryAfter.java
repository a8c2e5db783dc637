package io.healthkey.backend.domain.error;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ErrorCategory#RATE_LIMITED} failure that says when the same request will be accepted again. The wait
 * travels as a problem property, {@value #PROPERTY}, in whole seconds rounded up (at least 1), which the web adapter
 * also answers as the {@code Retry-After} header.
 */
public final class RetryAfter {

    /** The problem property holding the wait in seconds. */
    public static final String PROPERTY = "retryAfterSeconds";

    private RetryAfter() {
    }

    /** A failure with {@code code}, whose client may retry after {@code wait}. */
    public static DomainException failure(ErrorCode code, String detail, Duration wait) {
        if (code.category() != ErrorCategory.RATE_LIMITED) {
            throw new IllegalArgumentException(code.code() + " is not a rate limit");
        }
        return DomainException.withProperties(code, detail, Map.of(PROPERTY, seconds(wait)));
    }

    /** The wait {@code failure} carries, if it is one made by {@link #failure}. */
    public static Optional<Long> seconds(DomainException failure) {
        return failure.properties().get(PROPERTY) instanceof Long seconds ? Optional.of(seconds) : Optional.empty();
    }

    private static long seconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
