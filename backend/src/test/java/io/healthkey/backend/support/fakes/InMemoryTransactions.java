package io.healthkey.backend.support.fakes;

import java.util.List;

import io.healthkey.backend.application.outbox.TransactionPort;
import reactor.core.publisher.Mono;

/**
 * A database transaction over in-memory fakes: each participant's state is saved when the work starts and put back
 * if it fails, as a rollback would; counts what was committed and what rolled back.
 */
public final class InMemoryTransactions implements TransactionPort {

    /** A fake holding database state. */
    public interface Participant {
        /** Saves the current state; running the answer puts it back. */
        Runnable snapshot();
    }

    private final List<Participant> participants;
    public int committed;
    public int rolledBack;

    public InMemoryTransactions(Participant... participants) {
        this.participants = List.of(participants);
    }

    @Override
    public <T> Mono<T> inTransaction(Mono<T> work) {
        return Mono.defer(() -> {
            List<Runnable> rollback = participants.stream().map(Participant::snapshot).toList();
            return work.doOnSuccess(done -> committed++).doOnError(failure -> {
                rollback.forEach(Runnable::run);
                rolledBack++;
            });
        });
    }
}
