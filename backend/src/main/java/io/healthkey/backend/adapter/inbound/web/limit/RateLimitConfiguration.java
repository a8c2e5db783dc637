package io.healthkey.backend.adapter.inbound.web.limit;


import io.github.bucket4j.TimeMeter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.SessionRequestAccount;

/**
 * The rate limits, as two filters over one {@link RateLimiter}: per client address first of all (after CORS, so a
 * preflight is free and a 429 still carries the CORS headers a browser needs to read it), so that calls that fail
 * authentication are counted too; per account last of all, after authentication has named the account.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

    /** Right after the CORS filter ({@code HIGHEST_PRECEDENCE}), before authentication. */
    static final int PER_CLIENT_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;
    /** After every other filter, authentication included. */
    static final int PER_ACCOUNT_ORDER = Ordered.LOWEST_PRECEDENCE;

    @Bean
    RateLimiter rateLimiter(RateLimitProperties properties) {
        return new RateLimiter(properties, TimeMeter.SYSTEM_NANOTIME);
    }

    /** The account a request was authenticated as: the one line to change when authentication changes. */
    @Bean
    RequestAccount requestAccount() {
        return new SessionRequestAccount();
    }

    @Bean
    @Order(PER_CLIENT_ORDER)
    WebFilter perClientRateLimit(RateLimiter limiter, RateLimitProperties properties) {
        ClientAddresses clients = new ClientAddresses(properties.trustedProxies());
        return properties.enabled()
                ? new RateLimitFilter((callClass, exchange) -> Mono.justOrEmpty(
                        limiter.takeForClient(callClass, clients.clientKey(exchange.getRequest()))))
                : (exchange, chain) -> chain.filter(exchange);
    }

    @Bean
    @Order(PER_ACCOUNT_ORDER)
    WebFilter perAccountRateLimit(RateLimiter limiter, RequestAccount accounts, RateLimitProperties properties) {
        return properties.enabled()
                ? new RateLimitFilter((callClass, exchange) -> accounts.of(exchange)
                        .flatMap(account -> Mono.justOrEmpty(limiter.takeForAccount(callClass, account))))
                : (exchange, chain) -> chain.filter(exchange);
    }
}
