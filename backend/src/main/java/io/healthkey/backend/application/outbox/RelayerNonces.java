package io.healthkey.backend.application.outbox;

import java.util.NoSuchElementException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The relayer's next nonce, kept in the database: it only moves forward, by one, in the transaction that stores
 * the attempt signed with it ({@link OutboxTransactionPort#recordSigned}), which is what keeps nonces gap-free
 * across crashes and replicas. Here: reading it, and moving it past nonces that the chain shows used elsewhere.
 */
final class RelayerNonces {

    private static final Logger log = LoggerFactory.getLogger(RelayerNonces.class);

    private final RelayerAccountPort chain;
    private final BlockingCalls blocking;
    private final OutboxTransactionPort transactions;
    private final EthAddress relayer;

    RelayerNonces(RelayerAccountPort chain, BlockingCalls blocking, OutboxTransactionPort transactions) {
        this.chain = chain;
        this.blocking = blocking;
        this.transactions = transactions;
        this.relayer = chain.relayer();
    }

    /**
     * At take-over: the stored next nonce starts at the chain's pending count on first use, and never stays below
     * what the chain has mined (the key was used elsewhere).
     */
    Mono<Void> resync() {
        return blocking.call(chain::minedNonce).flatMap(mined -> transactions.nextNonce(relayer)
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(stored -> resync(mined, stored)));
    }

    private Mono<Void> resync(long mined, Optional<Long> stored) {
        if (stored.isEmpty()) {
            return blocking.call(chain::pendingNonce).flatMap(pending -> transactions.setNextNonce(relayer, pending));
        }
        if (stored.get() < mined) {
            log.warn("relayer {} has {} mined transactions but the outbox was at nonce {}: the key is used elsewhere",
                    relayer, mined, stored.get());
            return transactions.setNextNonce(relayer, mined);
        }
        return Mono.empty();
    }

    /** The stored next nonce; an error if none is stored (the take-over stores one). */
    Mono<Long> next() {
        return transactions.nextNonce(relayer).switchIfEmpty(Mono.error(() -> new NoSuchElementException(
                "no next nonce stored for relayer " + relayer)));
    }

    /** A nonce we signed was used by someone else: the next one is past what the node counts as pending. */
    Mono<Long> skipUsed(long used) {
        return blocking.call(chain::pendingNonce)
                .flatMap(pending -> transactions.nextNonce(relayer).defaultIfEmpty(0L)
                        .map(stored -> Math.max(pending, stored)))
                .flatMap(next -> {
                    log.warn("nonce {} is used already; its requests are sent again, from nonce {}", used, next);
                    return transactions.setNextNonce(relayer, next).thenReturn(next);
                });
    }
}
