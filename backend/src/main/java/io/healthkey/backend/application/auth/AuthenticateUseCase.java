package io.healthkey.backend.application.auth;

import io.healthkey.backend.domain.auth.Session;

/** Turns a bearer token back into the session it proves. */
public interface AuthenticateUseCase {

    /**
     * The session the token was issued for.
     *
     * @throws io.healthkey.backend.domain.error.DomainException {@code AUTH-0011} if the token is not one this service
     *     issued (or was altered), {@code AUTH-0012} if its session has expired
     */
    Session authenticate(String bearerToken);
}
