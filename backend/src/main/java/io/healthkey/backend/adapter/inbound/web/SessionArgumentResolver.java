package io.healthkey.backend.adapter.inbound.web;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Gives a controller method's {@link Session} parameter the session of the request's security context (a
 * {@link SessionAuthentication}, see {@link ApiSecurityConfiguration}). A method that asks for a session on a route
 * open without one fails closed with 401.
 */
class SessionArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Session.class.equals(parameter.getParameterType());
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
            ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .ofType(SessionAuthentication.class)
                .<Object>map(SessionAuthentication::session)
                .switchIfEmpty(Mono.error(new DomainException(ErrorCode.AUTH_TOKEN_MISSING,
                        "this endpoint needs a session")));
    }
}
