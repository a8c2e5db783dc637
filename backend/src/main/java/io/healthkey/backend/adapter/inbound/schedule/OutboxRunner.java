package io.healthkey.backend.adapter.inbound.schedule;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.outbox.OutboxMetricsPort;
import io.healthkey.backend.application.outbox.OutboxSender;

/**
 * Runs the {@link OutboxSender} on its own thread (it blocks on the database and the node) from startup to
 * shutdown: round after round while something moves, else after a poll interval or a new request. At shutdown
 * the lease is given up so that another replica takes over at once. Refreshes the outbox depth gauges about once
 * a second.
 */
public final class OutboxRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRunner.class);
    private static final Duration DEPTH_REFRESH = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final OutboxSender sender;
    private final OutboxSignal signal;
    private final Duration pollInterval;
    private final ChainRequestPort requests;
    private final OutboxMetricsPort metrics;
    private volatile boolean running;
    private Thread thread;
    private Instant depthRefreshed = Instant.EPOCH;

    public OutboxRunner(OutboxSender sender, OutboxSignal signal, Duration pollInterval, ChainRequestPort requests,
            OutboxMetricsPort metrics) {
        this.sender = sender;
        this.signal = signal;
        this.pollInterval = pollInterval;
        this.requests = requests;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "outbox-sender");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            boolean busy = false;
            try {
                busy = sender.tick();
                refreshDepth();
            } catch (RuntimeException e) {
                log.warn("outbox round failed, retried at the next one: {}", e.toString());
            }
            try {
                if (busy) {
                    continue;
                }
                signal.await(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void refreshDepth() {
        Instant now = Instant.now();
        if (now.isAfter(depthRefreshed.plus(DEPTH_REFRESH))) {
            depthRefreshed = now;
            requests.countByStatus().blockOptional().ifPresent(metrics::depth);
        }
    }

    @Override
    public void stop() {
        running = false;
        signal.wake();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sender.stop();
        } catch (RuntimeException e) {
            log.warn("could not give up the relayer lease; it expires on its own: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
