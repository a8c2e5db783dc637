package io.healthkey.backend.adapter.outbound.persistence;

import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.TransactionPort;

/** {@link TransactionPort} on the R2DBC transaction manager: every DatabaseClient call in {@code work} joins it. */
@Component
class ReactiveTransactions implements TransactionPort {

    private final TransactionalOperator operator;

    ReactiveTransactions(ReactiveTransactionManager transactions) {
        this.operator = TransactionalOperator.create(transactions);
    }

    @Override
    public <T> Mono<T> inTransaction(Mono<T> work) {
        return operator.transactional(work);
    }
}
