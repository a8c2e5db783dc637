package io.healthkey.backend.adapter.inbound.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.outbox.OutboxMetricsPort;
import io.healthkey.backend.application.outbox.SendOutboxUseCase;

/**
 * Runs the outbox sender from startup to shutdown, one round at a time on its own scheduler: round after round while
 * something moves, else after a poll interval or a new request. Nothing here waits on a thread: the next round is
 * subscribed when the one before ends. At shutdown the round in flight ends, then the lease is given up so that
 * another replica takes over at once. Refreshes the outbox depth gauges about once a second.
 */
public final class OutboxRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRunner.class);
    private static final Duration DEPTH_REFRESH = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final SendOutboxUseCase sender;
    private final OutboxSignal signal;
    private final Duration pollInterval;
    private final ChainRequestPort requests;
    private final OutboxMetricsPort metrics;
    private final Scheduler rounds;
    private volatile boolean running;
    private volatile Sinks.Empty<Void> lastRoundEnded = Sinks.empty();
    private Instant depthRefreshed = Instant.MIN;

    /** {@code rounds}: a single-threaded scheduler of the sender's own, the one its node calls run on. */
    public OutboxRunner(SendOutboxUseCase sender, OutboxSignal signal, Duration pollInterval,
            ChainRequestPort requests, OutboxMetricsPort metrics, Scheduler rounds) {
        this.sender = sender;
        this.signal = signal;
        this.pollInterval = pollInterval;
        this.requests = requests;
        this.metrics = metrics;
        this.rounds = rounds;
    }

    @Override
    public void start() {
        running = true;
        Sinks.Empty<Void> ended = Sinks.empty();
        lastRoundEnded = ended;
        Mono.defer(this::roundThenPause).subscribeOn(rounds)
                .repeat(() -> running)
                .doFinally(how -> ended.tryEmitEmpty())
                .subscribe();
    }

    /** A round, then, unless it moved something, a pause until a new request or the poll interval. */
    private Mono<Void> roundThenPause() {
        return round().flatMap(busy -> busy || !running ? Mono.empty() : signal.next(pollInterval, rounds));
    }

    /** One round of the sender and the depth gauge; a failure is logged and ends the round, never the rounds. */
    private Mono<Boolean> round() {
        return Mono.defer(sender::tick)
                .flatMap(busy -> refreshDepth().thenReturn(busy))
                .onErrorResume(failure -> {
                    log.warn("outbox round failed, retried at the next one: {}", failure.toString());
                    return Mono.just(false);
                });
    }

    private Mono<Void> refreshDepth() {
        Instant now = Instant.ofEpochMilli(rounds.now(TimeUnit.MILLISECONDS));
        if (!now.isAfter(depthRefreshed.plus(DEPTH_REFRESH))) {
            return Mono.empty();
        }
        depthRefreshed = now;
        return requests.countByStatus().doOnNext(metrics::depth).then();
    }

    /** Lets the round in flight end (waiting up to {@link #STOP_TIMEOUT}), then gives the lease up. */
    @Override
    public void stop(Runnable callback) {
        if (!running) {
            callback.run();
            return;
        }
        running = false;
        signal.wake();
        lastRoundEnded.asMono()
                .timeout(STOP_TIMEOUT, Mono.fromRunnable(() -> log.warn(
                        "the outbox round in flight did not end within {}; giving the lease up all the same",
                        STOP_TIMEOUT)))
                .then(Mono.defer(sender::stop))
                .onErrorResume(failure -> {
                    log.warn("could not give up the relayer lease; it expires on its own: {}", failure.toString());
                    return Mono.empty();
                })
                .doFinally(how -> callback.run())
                .subscribe();
    }

    @Override
    public void stop() {
        CountDownLatch stopped = new CountDownLatch(1);
        stop(stopped::countDown);
        try {
            stopped.await(STOP_TIMEOUT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
