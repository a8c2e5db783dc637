package io.healthkey.backend.adapter.inbound.web.limit;

import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

import io.healthkey.protocol.EthAddress;

/**
 * The signed-in account a request was authenticated as, if any: the one thing the rate limits need from
 * authentication, read after it ran.
 */
@FunctionalInterface
public interface RequestAccount {

    Optional<EthAddress> of(ServerWebExchange exchange);
}
