package io.healthkey.backend.adapter.inbound.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.auth.AuthenticateUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Requires {@code Authorization: Bearer <session token>} on {@link ApiRoutes#PROTECTED} routes and puts the
 * {@link Session} into the exchange, where controllers receive it as a {@code Session} parameter. Without a valid
 * token the request never reaches a controller: it is answered 401 with an {@code AUTH-…} code and a
 * {@code WWW-Authenticate: Bearer} header. Tokens are never logged. Ordered just before the per-account rate limit,
 * which needs the account.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class BearerAuthenticationFilter implements WebFilter {

    /** The exchange attribute holding the authenticated {@link Session}. */
    static final String SESSION = BearerAuthenticationFilter.class.getName() + ".session";

    private static final String BEARER = "Bearer ";

    private final AuthenticateUseCase authenticate;

    BearerAuthenticationFilter(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!ApiRoutes.isProtected(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        return Mono.fromCallable(() -> authenticate.authenticate(bearerToken(exchange)))
                .flatMap(session -> {
                    exchange.getAttributes().put(SESSION, session);
                    return chain.filter(exchange);
                });
    }

    private static String bearerToken(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new DomainException(ErrorCode.AUTH_TOKEN_MISSING,
                    "this endpoint needs Authorization: Bearer <token> from POST /api/v1/auth/session");
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new DomainException(ErrorCode.AUTH_TOKEN_INVALID, "the Authorization scheme must be Bearer");
        }
        return header.substring(BEARER.length()).strip();
    }
}
