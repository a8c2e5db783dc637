package io.healthkey.backend.application.outbox;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import reactor.core.publisher.Mono;

/**
 * Replaces a pending transaction under its own nonce: the same call (or a cancel, a zero-value self-transfer)
 * signed with both fees 12.5% higher, or what the network asks now if more. The new attempt is stored before it is
 * broadcast, so whichever attempt a block takes is known after a crash; only one of them can be mined.
 */
final class FeeBumpReplacer {

    private static final Logger log = LoggerFactory.getLogger(FeeBumpReplacer.class);

    private final RelayerAccountPort chain;
    private final BlockingCalls blocking;
    private final OutboxTransactionPort transactions;

    FeeBumpReplacer(RelayerAccountPort chain, BlockingCalls blocking, OutboxTransactionPort transactions) {
        this.chain = chain;
        this.blocking = blocking;
        this.transactions = transactions;
    }

    /** Signs, stores and broadcasts a replacement of {@code open}; a cancel when {@code cancel}. */
    Mono<OutboxTransaction> replace(OutboxTransaction open, boolean cancel, Instant now) {
        return blocking.call(() -> open.replacedBy(signReplacement(open, cancel, now)))
                .flatMap(replaced -> transactions.appendAttempt(replaced)
                        .then(blocking.call(() -> chain.broadcast(replaced.latest())))
                        .doOnNext(answer -> log.info("nonce {} replaced{} with max fee {} ({})", open.nonce(),
                                cancel ? " by a cancel" : "", replaced.latest().fees().maxFeePerGas(),
                                answer.outcome()))
                        .thenReturn(replaced));
    }

    private TransactionAttempt signReplacement(OutboxTransaction open, boolean cancel, Instant now) {
        var fees = open.latest().fees().bumped().atLeast(chain.currentFees());
        return cancel ? chain.signCancel(open.nonce(), fees, now)
                : chain.sign(open.call(), open.nonce(), open.gasLimit(), fees, now);
    }
}
