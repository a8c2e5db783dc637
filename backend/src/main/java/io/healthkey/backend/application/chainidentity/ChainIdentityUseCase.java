package io.healthkey.backend.application.chainidentity;

import reactor.core.publisher.Mono;

/**
 * Tells whether the node serves the chain this database describes. Whatever relays or indexes asks first: against
 * another chain (a dev chain started afresh while the database kept the old one's requests, nonces and events) it
 * would send transactions with nonces that chain never gave and index from blocks it never had.
 */
public interface ChainIdentityUseCase {

    /** Checks again if the last check is older than the re-check interval; emits whether it is the same chain. */
    Mono<Boolean> isSameChain();

    /** The last check's verdict, without checking. */
    ChainIdentityVerdict verdict();
}
