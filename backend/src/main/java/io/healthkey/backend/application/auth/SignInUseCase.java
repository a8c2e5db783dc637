package io.healthkey.backend.application.auth;

import io.healthkey.backend.domain.auth.IssuedSession;
import io.healthkey.backend.domain.auth.SignInNonce;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.siwe.SiweMessage;
import reactor.core.publisher.Mono;

/** Sign-In with Ethereum (EIP-4361): a single-use nonce, then a signed message in exchange for a session. */
public interface SignInUseCase {

    /** A fresh random nonce, stored until it expires or is used. */
    Mono<SignInNonce> issueNonce();

    /**
     * Checks the message against the sign-in policy, its signature against its address and spends its nonce (once,
     * atomically), then issues a session for that address.
     *
     * <p>Fails with a {@code DomainException}: {@code AUTH-0002..0004} for another domain, URI or chain,
     * {@code AUTH-0007/0008} for a message outside its validity window, {@code AUTH-0009} for a signature by someone
     * else, {@code AUTH-0005} for a nonce not issued here or expired, {@code AUTH-0006} for a replay.
     */
    Mono<IssuedSession> signIn(SiweMessage message, AccountSignature signature);
}
