package io.healthkey.backend.adapter.inbound.web;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.limit.RequestAccount;
import io.healthkey.protocol.EthAddress;

/**
 * {@link RequestAccount} from the session the security chain authenticated ({@link SessionAuthentication}); empty
 * for a public route or a caller without a valid session.
 */
public final class SessionRequestAccount implements RequestAccount {

    @Override
    public Mono<EthAddress> of(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .ofType(SessionAuthentication.class)
                .map(authentication -> authentication.session().address());
    }
}
