package io.healthkey.backend.adapter.inbound.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Guards {@code /actuator/prometheus}, which shares the API port and would otherwise be public (the session filter
 * covers {@code /api/} only): it needs {@code Authorization: Bearer <healthkey.metrics.scrape-token>}, compared in
 * constant time. Without a configured token the endpoint does not exist (404). Health stays open: it carries no
 * traffic figures.
 */
@Component
class MetricsScrapeFilter implements WebFilter {

    static final String PATH = "/actuator/prometheus";
    private static final String BEARER = "Bearer ";

    private final byte[] token;

    MetricsScrapeFilter(MetricsProperties properties) {
        this.token = properties.scrapeToken() == null ? null
                : properties.scrapeToken().strip().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            return chain.filter(exchange);
        }
        return Mono.fromRunnable(() -> check(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)))
                .then(chain.filter(exchange));
    }

    private void check(String header) {
        if (token == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such resource");
        }
        if (header == null || header.isBlank()) {
            throw new DomainException(ErrorCode.AUTH_TOKEN_MISSING, "needs Authorization: Bearer <scrape token>");
        }
        boolean bearer = header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        byte[] sent = header.substring(bearer ? BEARER.length() : 0).strip().getBytes(StandardCharsets.UTF_8);
        if (!bearer || !MessageDigest.isEqual(token, sent)) {
            throw new DomainException(ErrorCode.AUTH_TOKEN_INVALID, "not the scrape token");
        }
    }
}
