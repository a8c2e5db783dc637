package io.healthkey.backend.support.fakes;

import java.util.List;

import io.healthkey.backend.application.outbox.TransactionPort;
import reactor.core.publisher.Mono;

/**
 * Database transactions over in-memory stores: when the work fails, every store it was given is put back as it was
 * when the work was subscribed. One test thread at a time, as the fakes themselves.
 */
public final class InMemoryTransactions implements TransactionPort {

    private final List<Snapshots> stores;
    /** Transactions whose work completed, and those rolled back. */
    public int committed;
    public int rolledBack;

    public InMemoryTransactions(Snapshots... stores) {
        this.stores = List.of(stores);
    }

    @Override
    public <T> Mono<T> inTransaction(Mono<T> work) {
        return Mono.defer(() -> {
            List<Runnable> rollback = stores.stream().map(Snapshots::snapshot).toList();
            return work.doOnSuccess(done -> committed++).onErrorResume(failure -> {
                rolledBack++;
                rollback.forEach(Runnable::run);
                return Mono.error(failure);
            });
        });
    }
}
