package io.healthkey.backend.application.outbox;

import java.time.Instant;
import java.util.List;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The relayer's transactions, their signed attempts and its next nonce, durable. */
public interface OutboxTransactionPort {

    /** The relayer's next unused nonce as stored; empty before its first transaction. */
    Mono<Long> nextNonce(EthAddress relayer);

    /** Stores {@code next} as the relayer's next nonce, overwriting what is stored (first use, or resync). */
    Mono<Void> setNextNonce(EthAddress relayer, long next);

    /**
     * In one database transaction: moves the relayer's next nonce from {@code transaction.nonce()} to the one after,
     * only while {@code owner} holds the relayer's lease; stores the transaction with its first attempt; saves
     * {@code carried} (now SENT). Answers false, storing nothing, when the nonce moved or the lease is lost.
     */
    default Mono<Boolean> recordSigned(OutboxTransaction transaction, List<ChainRequest> carried, String owner,
            Instant now) {
        return recordSigned(List.of(transaction), carried, owner, now);
    }

    /**
     * {@link #recordSigned(OutboxTransaction, List, String, Instant)} for several transactions with consecutive
     * nonces from the stored next one, in one database transaction: all are stored (the next nonce moves past the
     * last) or none is.
     */
    Mono<Boolean> recordSigned(List<OutboxTransaction> signed, List<ChainRequest> carried, String owner, Instant now);

    /** Stores the transaction's latest attempt (a replacement or a cancel) before it is broadcast. */
    Mono<Void> appendAttempt(OutboxTransaction transaction);

    /** Stores its status and mined block. */
    Mono<Void> update(OutboxTransaction transaction);

    /** The relayer's PENDING and MINED transactions, lowest nonce first. */
    Flux<OutboxTransaction> open(EthAddress relayer);

    Mono<OutboxTransaction> find(String id);
}
