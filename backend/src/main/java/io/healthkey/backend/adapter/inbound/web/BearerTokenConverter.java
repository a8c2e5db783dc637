package io.healthkey.backend.adapter.inbound.web;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Reads {@code Authorization: Bearer <token>} (scheme case-insensitive, surrounding blanks dropped) into an
 * unauthenticated {@link BearerToken}. No header: no credential, the request goes on anonymously and a route that
 * needs one answers 401 {@code AUTH-0010}. Another scheme: 401 {@code AUTH-0011}. The token is never logged.
 */
final class BearerTokenConverter implements ServerAuthenticationConverter {

    private static final String BEARER = "Bearer ";

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return Mono.empty();
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Mono.error(new RejectedCredentialsException(
                    new DomainException(ErrorCode.AUTH_TOKEN_INVALID, "the Authorization scheme must be Bearer")));
        }
        return Mono.just(new BearerToken(header.substring(BEARER.length()).strip()));
    }

    /** A bearer token as sent, not yet checked; its {@code toString()} never shows it. */
    static final class BearerToken extends AbstractAuthenticationToken {

        private final String token;

        BearerToken(String token) {
            super(List.of());
            this.token = token;
        }

        @Override
        public String getCredentials() {
            return token;
        }

        @Override
        public Object getPrincipal() {
            return "";
        }
    }
}
