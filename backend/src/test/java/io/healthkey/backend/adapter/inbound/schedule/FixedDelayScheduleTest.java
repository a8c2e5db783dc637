package io.healthkey.backend.adapter.inbound.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Runs one at a time, the delay counted from each run's end, failures logged and retried, until stopped. */
class FixedDelayScheduleTest {

    private static final Duration DELAY = Duration.ofMillis(20);

    @Test
    void runsNeverOverlapAndEachWaitsTheDelayAfterTheLastOneEnded() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        List<Long> gapsMillis = new CopyOnWriteArrayList<>();
        long[] lastEnd = {0};
        CountDownLatch fiveRuns = new CountDownLatch(5);
        var schedule = new FixedDelaySchedule("test-runs", () -> Mono.defer(() -> {
            assertThat(running.incrementAndGet()).as("runs at once").isEqualTo(1);
            if (lastEnd[0] != 0) {
                gapsMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastEnd[0]));
            }
            return Mono.delay(Duration.ofMillis(30)).doOnNext(tick -> {
                running.decrementAndGet();
                lastEnd[0] = System.nanoTime();
                fiveRuns.countDown();
            });
        }), DELAY);

        schedule.start();
        try {
            assertThat(fiveRuns.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            schedule.stop();
        }
        assertThat(gapsMillis).isNotEmpty().allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(DELAY.toMillis()));
    }

    @Test
    void aFailedRunIsFollowedByTheNextAsUsual() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch threeRuns = new CountDownLatch(3);
        var schedule = new FixedDelaySchedule("test-failures", () -> Mono.defer(() -> {
            runs.incrementAndGet();
            threeRuns.countDown();
            return Mono.error(new IllegalStateException("node down"));
        }), DELAY);

        schedule.start();
        try {
            assertThat(threeRuns.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(schedule.isRunning()).isTrue();
        } finally {
            schedule.stop();
        }
    }

    @Test
    void stopCancelsTheRunInProgressAndNothingRunsAfter() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        var schedule = new FixedDelaySchedule("test-stop", () -> Mono.defer(() -> {
            runs.incrementAndGet();
            started.countDown();
            return Mono.never().doOnCancel(cancelled::countDown);
        }), DELAY);

        schedule.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        schedule.stop();

        assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(schedule.isRunning()).isFalse();
        Thread.sleep(3 * DELAY.toMillis());
        assertThat(runs).hasValue(1);
    }

    @Test
    void aZeroDelayNeverRuns() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        var schedule = new FixedDelaySchedule("test-off", () -> Mono.fromRunnable(runs::incrementAndGet),
                Duration.ZERO);

        schedule.start();
        Thread.sleep(3 * DELAY.toMillis());

        assertThat(schedule.isRunning()).isFalse();
        assertThat(runs).hasValue(0);
    }
}
