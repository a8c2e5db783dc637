package io.healthkey.backend.application.outbox;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.protocol.EthAddress;

/**
 * The relayer's next nonce, kept in the database: it only moves forward, by one, in the transaction that stores
 * the attempt signed with it ({@link OutboxTransactionPort#recordSigned}), which is what keeps nonces gap-free
 * across crashes and replicas. Here: reading it, and moving it past nonces that the chain shows used elsewhere.
 */
final class RelayerNonces {

    private static final Logger log = LoggerFactory.getLogger(RelayerNonces.class);

    private final RelayerAccountPort chain;
    private final OutboxTransactionPort transactions;
    private final EthAddress relayer;

    RelayerNonces(RelayerAccountPort chain, OutboxTransactionPort transactions) {
        this.chain = chain;
        this.transactions = transactions;
        this.relayer = chain.relayer();
    }

    /**
     * At take-over: the stored next nonce starts at the chain's pending count on first use, and never stays below
     * what the chain has mined (the key was used elsewhere).
     */
    void resync() {
        long mined = chain.minedNonce();
        Optional<Long> stored = transactions.nextNonce(relayer).blockOptional();
        if (stored.isEmpty()) {
            transactions.setNextNonce(relayer, chain.pendingNonce()).block();
        } else if (stored.get() < mined) {
            log.warn("relayer {} has {} mined transactions but the outbox was at nonce {}: the key is used elsewhere",
                    relayer, mined, stored.get());
            transactions.setNextNonce(relayer, mined).block();
        }
    }

    /** The stored next nonce. */
    long next() {
        return transactions.nextNonce(relayer).blockOptional().orElseThrow();
    }

    /** A nonce we signed was used by someone else: the next one is past what the node counts as pending. */
    long skipUsed(long used) {
        long next = Math.max(chain.pendingNonce(), transactions.nextNonce(relayer).blockOptional().orElse(0L));
        log.warn("nonce {} is used already; its requests are sent again, from nonce {}", used, next);
        transactions.setNextNonce(relayer, next).block();
        return next;
    }
}
