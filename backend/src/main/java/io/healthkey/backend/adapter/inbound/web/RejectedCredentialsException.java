package io.healthkey.backend.adapter.inbound.web;

import org.springframework.security.core.AuthenticationException;

import io.healthkey.backend.domain.error.DomainException;

/**
 * A credential was sent and refused ({@code AUTH-0011} invalid, {@code AUTH-0012} expired): Spring Security's
 * failure, carrying the domain error the answer is written from.
 */
final class RejectedCredentialsException extends AuthenticationException {

    private final transient DomainException reason;

    RejectedCredentialsException(DomainException reason) {
        super(reason.getMessage(), reason);
        this.reason = reason;
    }

    DomainException reason() {
        return reason;
    }
}
