package io.healthkey.backend.application.outbox;

import java.time.Duration;
import java.time.Instant;

import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * This sender's view of the relayer's lease: at most one replica sends for a relayer key. Renewed at the start of
 * every round; this instance stands by while another holds it. Holding is only a hint for the round: the database
 * checks the lease again in the transaction that takes each nonce, so a sender that lost it cannot spend one.
 */
final class SenderLease {

    private final RelayerLeasePort lease;
    private final EthAddress relayer;
    private final String owner;
    private final Duration ttl;
    private volatile boolean holding;

    SenderLease(RelayerLeasePort lease, EthAddress relayer, String owner, Duration ttl) {
        this.lease = lease;
        this.relayer = relayer;
        this.owner = owner;
        this.ttl = ttl;
    }

    /** Takes or renews the lease; false (and no longer holding) while another replica holds it. */
    Mono<Boolean> renew(Instant now) {
        return lease.acquire(relayer, owner, now, ttl).map(Boolean.TRUE::equals).defaultIfEmpty(false)
                .doOnNext(held -> {
                    if (!held) {
                        holding = false;
                    }
                });
    }

    /** Whether this instance held the lease at its last round, after taking over. */
    boolean isHolding() {
        return holding;
    }

    /** The take-over is done: the rounds that follow only follow and send. */
    void tookOver() {
        holding = true;
    }

    /** A nonce could not be taken under the lease: stand by until the next renewal takes over again. */
    void lost() {
        holding = false;
    }

    /** Gives the lease up, so that another replica takes over at once. */
    Mono<Void> release() {
        return lease.release(relayer, owner).doOnSuccess(released -> holding = false);
    }

    String owner() {
        return owner;
    }
}
