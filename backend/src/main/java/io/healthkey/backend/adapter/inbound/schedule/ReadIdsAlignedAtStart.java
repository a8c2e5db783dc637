package io.healthkey.backend.adapter.inbound.schedule;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.healthkey.backend.application.receipts.AlignReadIdsUseCase;

/**
 * Aligns the read log's ids with the chain ({@link AlignReadIdsUseCase}) once at start, before the web server takes
 * requests, so that no read is logged under an id the chain's batches already cover. Waits at most {@code bound}:
 * when the chain cannot answer in time the service starts anyway, and the batcher aligns before its first batch.
 */
public final class ReadIdsAlignedAtStart implements SmartLifecycle {

    /** Before the reactive web server starts ({@code SmartLifecycle.DEFAULT_PHASE - 2048} in Spring Boot 4). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(ReadIdsAlignedAtStart.class);

    private final AlignReadIdsUseCase readIds;
    private final Duration bound;
    private volatile boolean running;

    public ReadIdsAlignedAtStart(AlignReadIdsUseCase readIds, Duration bound) {
        this.readIds = readIds;
        this.bound = bound;
    }

    @Override
    public void start() {
        try {
            readIds.align().block(bound);
        } catch (RuntimeException failure) {
            log.warn("read ids not aligned with the chain at start, the batcher tries again: {}", failure.toString());
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
