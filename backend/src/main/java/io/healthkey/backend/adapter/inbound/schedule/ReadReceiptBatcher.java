package io.healthkey.backend.adapter.inbound.schedule;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.receipts.BatchReadReceiptsUseCase;

/**
 * Runs {@link BatchReadReceiptsUseCase#batchOnce} every {@code interval}, one run at a time: a tick that comes while
 * a run is still going is dropped, so two runs never prepare or publish at once. A failed run is logged (code and
 * message only: they carry ids and hashes, never receipts' contents) and retried at the next tick.
 */
public final class ReadReceiptBatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadReceiptBatcher.class);

    private final BatchReadReceiptsUseCase batches;
    private final Duration interval;
    private volatile Disposable running;

    public ReadReceiptBatcher(BatchReadReceiptsUseCase batches, Duration interval) {
        this.batches = batches;
        this.interval = interval;
    }

    @Override
    public void start() {
        running = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> batches.batchOnce()
                        .doOnNext(batch -> log.info("read receipt batch {} published: {} reads, root {}",
                                batch.number(), batch.leafCount(), batch.root()))
                        .onErrorResume(failure -> {
                            log.warn("read receipt batching failed, retried in {}: {}", interval, failure.toString());
                            return Mono.empty();
                        }), 0)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }
}
