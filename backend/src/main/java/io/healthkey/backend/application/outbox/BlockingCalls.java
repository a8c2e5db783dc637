package io.healthkey.backend.application.outbox;

import java.util.concurrent.Callable;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs the {@link RelayerAccountPort}'s synchronous calls (they wait on the node) on the sender's own scheduler: a
 * round resumes on whichever thread the database answered on, a driver's event loop that must never block. A call
 * made on a thread of that scheduler already runs there at once, without being queued behind the round.
 */
final class BlockingCalls {

    private final Scheduler scheduler;
    /** Set on each thread of {@link #scheduler} the first time a call runs there. */
    private final ThreadLocal<Boolean> onScheduler = ThreadLocal.withInitial(() -> false);

    BlockingCalls(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Emits what {@code call} answers, called on the sender's scheduler when subscribed. */
    <T> Mono<T> call(Callable<T> call) {
        return Mono.defer(() -> onScheduler.get() ? Mono.fromCallable(call)
                : Mono.fromCallable(() -> {
                    onScheduler.set(true);
                    return call.call();
                }).subscribeOn(scheduler));
    }

    /** Completes once {@code work} has run on the sender's scheduler. */
    Mono<Void> run(Runnable work) {
        return call(() -> {
            work.run();
            return true;
        }).then();
    }
}
