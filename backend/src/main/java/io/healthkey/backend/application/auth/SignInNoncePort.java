package io.healthkey.backend.application.auth;

import java.time.Instant;

import io.healthkey.backend.domain.auth.NonceConsumption;
import io.healthkey.backend.domain.auth.SignInNonce;
import reactor.core.publisher.Mono;

/** Where issued sign-in nonces live until they are used or expire; shared by every replica of the service. */
public interface SignInNoncePort {

    /** Stores a new nonce; may drop nonces that expired before {@code nonce.issuedAt()}. */
    Mono<Void> save(SignInNonce nonce);

    /**
     * Marks the nonce used if it was issued, is unused and has not expired at {@code now}, atomically: of two
     * concurrent calls for one nonce, exactly one gets {@link NonceConsumption#CONSUMED}.
     */
    Mono<NonceConsumption> consume(String nonce, Instant now);
}
