package io.healthkey.backend.adapter.inbound.web.limit;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.healthkey.protocol.EthAddress;

/**
 * The signed-in account a request was authenticated as, empty if none: the one thing the rate limits need from
 * authentication, read after it ran. Reactive, as an authentication that keeps its result in the Reactor context
 * ({@code exchange.getPrincipal()}) answers it.
 */
@FunctionalInterface
public interface RequestAccount {

    Mono<EthAddress> of(ServerWebExchange exchange);
}
