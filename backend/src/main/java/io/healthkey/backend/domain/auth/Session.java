package io.healthkey.backend.domain.auth;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.EthAddress;

/**
 * A signed-in account: the address that signed a Sign-In with Ethereum message, and how long the session lasts.
 *
 * @param id random, unique per session; lets a session be named in logs without its token
 */
public record Session(String id, EthAddress address, Instant issuedAt, Instant expiresAt) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a session must expire after it is issued");
        }
    }

    /** Whether the session is still valid at {@code now}. */
    public boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
