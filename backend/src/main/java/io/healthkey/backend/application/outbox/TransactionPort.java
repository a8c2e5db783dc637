package io.healthkey.backend.application.outbox;

import reactor.core.publisher.Mono;

/** Runs database work atomically: everything {@code work} stores is committed together, or nothing is. */
public interface TransactionPort {

    <T> Mono<T> inTransaction(Mono<T> work);
}
