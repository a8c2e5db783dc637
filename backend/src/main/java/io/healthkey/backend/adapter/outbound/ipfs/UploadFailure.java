package io.healthkey.backend.adapter.outbound.ipfs;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.web.reactive.function.client.ClientRequest;

import reactor.core.publisher.Flux;

/**
 * The first failure of a body this service streams to Kubo. Such a failure is ours or our caller's (an upload
 * refused by a check on its way, a body over the limit, a client that went away), never the node's: the transport
 * reports it as a failed request, which would read as an unreachable node. Whoever maps the call's error or times
 * the call asks here first, so that the body's failure comes out as itself and is not counted as an outage.
 */
final class UploadFailure {

    /** The {@link ClientRequest} attribute under which a call's watcher travels to the exchange filters. */
    static final String ATTRIBUTE = UploadFailure.class.getName();

    private final AtomicReference<Throwable> first = new AtomicReference<>();

    /** {@code body}, its first failure remembered here. */
    <T> Flux<T> watch(Flux<T> body) {
        return body.doOnError(failure -> first.compareAndSet(null, failure));
    }

    Optional<Throwable> failure() {
        return Optional.ofNullable(first.get());
    }

    /** The failure of the body {@code request} streamed, if it has one and it failed. */
    static Optional<Throwable> of(ClientRequest request) {
        return request.attribute(ATTRIBUTE).filter(UploadFailure.class::isInstance).map(UploadFailure.class::cast)
                .flatMap(UploadFailure::failure);
    }
}
