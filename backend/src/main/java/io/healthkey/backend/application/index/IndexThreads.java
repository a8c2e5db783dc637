package io.healthkey.backend.application.index;

import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where the indexer's work runs. The node is read with blocking calls and an R2DBC store may complete on a driver's
 * event loop, so a poll keeps to two threads of its own: the indexer's thread for everything but range reads (node
 * calls, and what follows each store call: writes start there, one after the other), and the reader's thread for
 * range reads, so that the next range is read while the current one is written. An idle indexer holds no thread.
 */
final class IndexThreads {

    private final Scheduler indexer = ownThread("event-indexer");
    private final Scheduler reader = ownThread("event-index-reader");

    /** {@code work} subscribed on the indexer's thread. */
    <T> Mono<T> onIndexer(Mono<T> work) {
        return work.subscribeOn(indexer);
    }

    /** A blocking node call, on the indexer's thread. */
    <T> Mono<T> call(Callable<T> blocking) {
        return Mono.fromCallable(blocking).subscribeOn(indexer);
    }

    /** A blocking range read, on the reader's thread: reads run one at a time, in the order asked. */
    <T> Mono<T> read(Callable<T> blocking) {
        return Mono.fromCallable(blocking).subscribeOn(reader);
    }

    /** {@code stored}'s outcome handed back to the indexer's thread, wherever the store completes it. */
    <T> Mono<T> back(Mono<T> stored) {
        return stored.publishOn(indexer);
    }

    private static Scheduler ownThread(String name) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, name);
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return Schedulers.fromExecutorService(executor, name);
    }
}
