package io.healthkey.backend.adapter.inbound.web;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Spring Security's refusals, written as every other failure is ({@link ProblemDetailsExceptionHandler}):
 * problem+json with a stable code, counted, with {@code WWW-Authenticate: Bearer} on a 401. No credential: 401
 * {@code AUTH-0010}; a refused one: 401 with its own code; a route not open to the caller: 403 {@code AUTH-0013};
 * a URL, method or header the firewall refuses: 400 {@code REQUEST-0008}.
 */
@Component
class SecurityProblems implements ServerAccessDeniedHandler, ServerExchangeRejectedHandler {

    private final ProblemDetailsExceptionHandler problems;

    SecurityProblems(ProblemDetailsExceptionHandler problems) {
        this.problems = problems;
    }

    /** Answers 401: the refused credential's own code, or {@code AUTH-0010} with {@code missing} as the detail. */
    ServerAuthenticationEntryPoint entryPoint(String missing) {
        return (exchange, failure) -> problems.handle(exchange, reasonOf(failure, missing));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return problems.handle(exchange, new DomainException(ErrorCode.AUTH_ROUTE_CLOSED,
                "this route, with this method, is not open to the credential sent"));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        return problems.handle(exchange, rejected);
    }

    private static DomainException reasonOf(AuthenticationException failure, String missing) {
        return failure instanceof RejectedCredentialsException refused ? refused.reason()
                : new DomainException(ErrorCode.AUTH_TOKEN_MISSING, missing);
    }
}
