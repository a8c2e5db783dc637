package io.healthkey.backend.application.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed webhook delivery is tried again: {@code first} after the first attempt, then twice as long after each
 * further one, never longer than {@code longest}; none after {@code maxAttempts} attempts.
 */
public record RetrySchedule(Duration first, Duration longest, int maxAttempts) {

    public RetrySchedule {
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
            throw new IllegalArgumentException("retry delays must be positive, the longest at least the first");
        }
        if (maxAttempts < 1 || maxAttempts > 30) {
            throw new IllegalArgumentException("max attempts must be 1 to 30: " + maxAttempts);
        }
    }

    /** When to try again after attempt number {@code attempts} (1 for the first) failed at {@code failedAt}. */
    public Optional<Instant> nextAttempt(int attempts, Instant failedAt) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        Duration delay = first;
        for (int i = 1; i < attempts && delay.compareTo(longest) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return Optional.of(failedAt.plus(delay.compareTo(longest) > 0 ? longest : delay));
    }
}
