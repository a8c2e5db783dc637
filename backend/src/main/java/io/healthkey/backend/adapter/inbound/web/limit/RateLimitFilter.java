package io.healthkey.backend.adapter.inbound.web.limit;

import java.time.Duration;
import java.util.function.BiFunction;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.error.RetryAfter;

/**
 * Takes each call from one kind of allowance of its {@link CallClass} (per client address, or per signed-in
 * account) and answers a call over it {@code 429 LIMIT-0001} with {@code Retry-After}, before it reaches any
 * controller, so that it changes nothing. {@link RateLimitConfiguration} places one of each.
 */
final class RateLimitFilter implements WebFilter {

    private final BiFunction<CallClass, ServerWebExchange, Mono<Duration>> take;

    /**
     * @param take takes one call of the class from the allowance the exchange counts against: empty if it had one,
     *     else the wait
     */
    RateLimitFilter(BiFunction<CallClass, ServerWebExchange, Mono<Duration>> take) {
        this.take = take;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        CallClass callClass = CallClass.of(request.getMethod(), request.getPath().pathWithinApplication());
        return take.apply(callClass, exchange)
                .flatMap(wait -> Mono.<Void>error(RetryAfter.failure(ErrorCode.LIMIT_RATE_EXCEEDED, "too many "
                        + callClass.label() + " calls from this client or account; retry after the seconds in"
                        + " Retry-After", wait)))
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange)));
    }
}
