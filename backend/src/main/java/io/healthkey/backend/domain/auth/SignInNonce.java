package io.healthkey.backend.domain.auth;

import java.time.Instant;
import java.util.Objects;

/** A single-use nonce handed out for one Sign-In with Ethereum message; worthless after {@code expiresAt}. */
public record SignInNonce(String value, Instant issuedAt, Instant expiresAt) {

    public SignInNonce {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
