package io.healthkey.backend.application.outbox;

import java.time.Duration;
import java.time.Instant;

import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * Which backend replica sends for a relayer key: at most one holds the lease at a time. A holder that stops
 * renewing loses it when it expires and another takes over.
 */
public interface RelayerLeasePort {

    /** Takes the lease when free or expired, or renews it when {@code owner} holds it; true if held now. */
    Mono<Boolean> acquire(EthAddress relayer, String owner, Instant now, Duration ttl);

    /** Gives the lease up at once, if {@code owner} holds it. */
    Mono<Void> release(EthAddress relayer, String owner);
}
