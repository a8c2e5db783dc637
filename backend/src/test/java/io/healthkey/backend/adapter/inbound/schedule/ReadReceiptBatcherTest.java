package io.healthkey.backend.adapter.inbound.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.healthkey.backend.application.receipts.BatchReadReceiptsUseCase;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.receipt.ReceiptBatch;

/** The schedule on virtual time: one run per tick, none overlapping, a failure does not stop it, stop does. */
class ReadReceiptBatcherTest {

    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private VirtualTimeScheduler time;
    private final AtomicInteger runs = new AtomicInteger();
    private final Deque<Mono<ReceiptBatch>> answers = new ArrayDeque<>();
    private final BatchReadReceiptsUseCase batches = () -> {
        runs.incrementAndGet();
        Mono<ReceiptBatch> next = answers.poll();
        return next != null ? next : Mono.empty();
    };

    @BeforeEach
    void virtualTime() {
        time = VirtualTimeScheduler.getOrSet();
    }

    @AfterEach
    void realTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void runsOncePerIntervalAndKeepsGoingAfterAFailure() {
        answers.add(Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "node down")));
        ReadReceiptBatcher batcher = new ReadReceiptBatcher(batches, INTERVAL);
        batcher.start();

        time.advanceTimeBy(INTERVAL.minusSeconds(1));
        assertThat(runs).hasValue(0);
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(runs).hasValue(1);
        time.advanceTimeBy(INTERVAL.multipliedBy(2));
        assertThat(runs).hasValue(3);
        assertThat(batcher.isRunning()).isTrue();

        batcher.stop();
        time.advanceTimeBy(INTERVAL.multipliedBy(5));
        assertThat(runs).hasValue(3);
        assertThat(batcher.isRunning()).isFalse();
    }

    @Test
    void ticksDuringARunAreDroppedNotQueued() {
        Sinks.One<ReceiptBatch> slowRun = Sinks.one();
        answers.add(slowRun.asMono());
        ReadReceiptBatcher batcher = new ReadReceiptBatcher(batches, INTERVAL);
        batcher.start();

        time.advanceTimeBy(INTERVAL.multipliedBy(4));
        assertThat(runs).as("one run in flight, three ticks dropped").hasValue(1);
        slowRun.tryEmitEmpty();
        time.advanceTimeBy(INTERVAL);
        assertThat(runs).hasValue(2);
        batcher.stop();
    }
}
