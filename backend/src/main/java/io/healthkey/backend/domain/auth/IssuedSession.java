package io.healthkey.backend.domain.auth;

import java.util.Objects;

/** A new session and the bearer token that proves it. The token is a secret: {@link #toString()} leaves it out. */
public record IssuedSession(String token, Session session) {

    public IssuedSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(session, "session");
    }

    @Override
    public String toString() {
        return "IssuedSession[token=***, session=" + session + "]";
    }
}
