package io.healthkey.backend.support.fakes;

import java.util.function.Supplier;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A fake's failure switch: while an outage lasts, every call to the fake fails with it, as a node or database that
 * stopped answering fails every call. A fresh outage is over.
 */
public final class Outage {

    private Supplier<? extends RuntimeException> failure;

    /** From now on every call fails with {@code code}, as the adapter reports its dependency down. */
    public void begin(ErrorCode code) {
        failure = () -> new DomainException(code, "the fake's dependency is down");
    }

    /** From now on every call fails with {@code failure} itself: what a database driver throws, say. */
    public void begin(RuntimeException failure) {
        this.failure = () -> failure;
    }

    /**
     * From now on every call fails as a database driver's call fails once the server is gone: not a domain error,
     * so that a test can check it is passed on unchanged. Answers that failure.
     */
    public RuntimeException beginDatabaseDown() {
        RuntimeException down = new IllegalStateException("connection refused");
        begin(down);
        return down;
    }

    public void end() {
        failure = null;
    }

    /** Throws the outage's failure, if one lasts: for calls that answer synchronously. */
    public void check() {
        if (failure != null) {
            throw failure.get();
        }
    }

    /** {@code call}, or the outage's failure when one lasts at subscription. */
    public <T> Mono<T> guard(Supplier<Mono<T>> call) {
        return Mono.defer(() -> failure != null ? Mono.error(failure.get()) : call.get());
    }

    public <T> Flux<T> guardMany(Supplier<Flux<T>> call) {
        return Flux.defer(() -> failure != null ? Flux.error(failure.get()) : call.get());
    }
}
