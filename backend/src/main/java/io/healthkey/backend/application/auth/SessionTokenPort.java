package io.healthkey.backend.application.auth;

import io.healthkey.backend.domain.auth.Session;

/**
 * Writes and reads session bearer tokens. Guarantees of an implementation: a token cannot be forged or altered
 * without the service's secret; reading compares in constant time; tokens never appear in logs or messages.
 */
public interface SessionTokenPort {

    /** A bearer token that {@link #read} turns back into {@code session}. */
    String issue(Session session);

    /**
     * The session a token was issued for, whether or not it has expired.
     *
     * @throws io.healthkey.backend.domain.error.DomainException {@code AUTH-0011} if the token was not issued with
     *     this service's secret or was altered
     */
    Session read(String token);
}
