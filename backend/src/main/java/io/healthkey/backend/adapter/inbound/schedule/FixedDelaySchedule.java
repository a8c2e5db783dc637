package io.healthkey.backend.adapter.inbound.schedule;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a reactive task from context start to stop, again {@code delay} after each run ends: runs never overlap, and
 * a slow run delays the next instead of piling up. With a zero delay it never runs. A failed run is logged and the
 * next one comes as usual. Each run is subscribed on a daemon thread named after the schedule; the task must not
 * block it for long (it only times the runs).
 */
public final class FixedDelaySchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FixedDelaySchedule.class);

    private final String name;
    private final Supplier<? extends Mono<?>> task;
    private final Duration delay;
    private Scheduler thread;
    private Disposable runs;

    public FixedDelaySchedule(String name, Supplier<? extends Mono<?>> task, Duration delay) {
        this.name = name;
        this.task = task;
        this.delay = delay;
    }

    @Override
    public synchronized void start() {
        if (delay.isZero() || runs != null) {
            return;
        }
        thread = Schedulers.newSingle(name, true);
        Mono<Void> run = Mono.defer(task).then().onErrorResume(failure -> {
            log.warn("{} failed, next run in {}: {}", name, delay, failure.toString());
            return Mono.empty();
        });
        runs = run.then(Mono.delay(delay, thread)).repeat().subscribeOn(thread).subscribe();
    }

    /** Cancels the run in progress, if any: the task must leave nothing half done when cancelled. */
    @Override
    public synchronized void stop() {
        if (runs != null) {
            runs.dispose();
            thread.dispose();
            runs = null;
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return runs != null;
    }
}
