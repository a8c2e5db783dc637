package io.healthkey.backend.domain.audit;

import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * One page of an audit list: at most {@code limit} items, starting after the position {@code after} names (the
 * list's first item when empty).
 */
public record PageRequest(int limit, Optional<PageCursor> after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw limitOutOfRange();
        }
        Objects.requireNonNull(after, "after");
    }

    /** The first page, of the default size. */
    public static PageRequest first() {
        return new PageRequest(DEFAULT_LIMIT, Optional.empty());
    }

    /**
     * The page a client asked for by query parameters, either absent: {@code AUDIT-0002} for a limit that is no
     * number from 1 to {@link #MAX_LIMIT}, {@code AUDIT-0001} for a cursor that is not one of {@code list}'s.
     */
    public static PageRequest of(String list, Optional<String> limit, Optional<String> cursor) {
        return new PageRequest(limit.map(PageRequest::parseLimit).orElse(DEFAULT_LIMIT),
                cursor.map(token -> PageCursor.parse(list, token)));
    }

    private static int parseLimit(String limit) {
        if (limit.isEmpty() || limit.length() > 3 || !limit.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw limitOutOfRange();
        }
        return Integer.parseInt(limit);
    }

    /** The same words for every bad limit: the submitted value is never repeated. */
    private static DomainException limitOutOfRange() {
        return new DomainException(ErrorCode.AUDIT_LIMIT_OUT_OF_RANGE,
                "limit must be a number from 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")");
    }
}
