package io.healthkey.backend.application.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant FAILED_AT = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void doublesTheDelayAfterEachFailureUpToTheLongestThenStops() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(10), Duration.ofSeconds(60), 6);
        List<Duration> delays = new ArrayList<>();
        for (int attempts = 1; attempts <= 6; attempts++) {
            Optional<Instant> next = schedule.nextAttempt(attempts, FAILED_AT);
            delays.add(next.map(at -> Duration.between(FAILED_AT, at)).orElse(null));
        }

        assertThat(delays).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofSeconds(60), Duration.ofSeconds(60), null);
    }

    @Test
    void oneAttemptMeansNoRetry() {
        assertThat(new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(1), 1).nextAttempt(1, FAILED_AT))
                .isEmpty();
    }

    @Test
    void refusesSchedulesThatCouldNeverEndOrNeverWait() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
