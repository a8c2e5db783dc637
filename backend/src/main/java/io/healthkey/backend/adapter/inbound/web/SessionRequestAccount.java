package io.healthkey.backend.adapter.inbound.web;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.limit.RequestAccount;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.protocol.EthAddress;

/** {@link RequestAccount} from the session {@link BearerAuthenticationFilter} put into the exchange. */
public final class SessionRequestAccount implements RequestAccount {

    @Override
    public Mono<EthAddress> of(ServerWebExchange exchange) {
        Session session = exchange.getAttribute(BearerAuthenticationFilter.SESSION);
        return session == null ? Mono.empty() : Mono.just(session.address());
    }
}
