package io.healthkey.backend.adapter.inbound.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Authenticates the operator's bearer tokens of {@link MetricsProperties}, compared in constant time: the scrape
 * token gives role {@value #METRICS} (read {@code /actuator/prometheus}), the health details token role
 * {@value #OPERATOR} (see every health component and its details). One token may give both. Any other token is
 * refused with {@code AUTH-0011}, a session token too: sessions are for the API, not for the actuator.
 */
final class OperatorTokens implements ReactiveAuthenticationManager {

    static final String METRICS = "METRICS";
    static final String OPERATOR = "OPERATOR";
    static final String NAME = "operator";

    private final byte[] scrapeToken;
    private final byte[] healthToken;

    OperatorTokens(MetricsProperties properties) {
        this.scrapeToken = bytes(properties.scrapeToken());
        this.healthToken = bytes(properties.healthDetailsToken());
    }

    @Override
    public Mono<Authentication> authenticate(Authentication bearer) {
        byte[] sent = bytes((String) bearer.getCredentials());
        List<GrantedAuthority> roles = new ArrayList<>();
        if (matches(scrapeToken, sent)) {
            roles.add(new SimpleGrantedAuthority("ROLE_" + METRICS));
        }
        if (matches(healthToken, sent)) {
            roles.add(new SimpleGrantedAuthority("ROLE_" + OPERATOR));
        }
        if (roles.isEmpty()) {
            return Mono.error(new RejectedCredentialsException(
                    new DomainException(ErrorCode.AUTH_TOKEN_INVALID, "not an operator token")));
        }
        return Mono.just(UsernamePasswordAuthenticationToken.authenticated(NAME, null, roles));
    }

    private static boolean matches(byte[] expected, byte[] sent) {
        return expected != null && sent != null && MessageDigest.isEqual(expected, sent);
    }

    private static byte[] bytes(String token) {
        return token == null ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }
}
