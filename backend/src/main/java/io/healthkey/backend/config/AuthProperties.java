package io.healthkey.backend.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-In with Ethereum and session tokens.
 *
 * @param domains the RFC 3986 authorities (host[:port]) a sign-in message may name; required outside the
 *     {@code local} profile
 * @param uriOrigins the origins (scheme://host[:port]) the message URI may have; required outside {@code local}
 * @param nonceTtl how long an issued nonce may be used
 * @param sessionTtl how long a session token is valid
 * @param clockSkew how far a signer's clock may run ahead of the server's
 * @param tokenSecret the HMAC-SHA256 key of session tokens, at least 32 bytes (UTF-8); give it through the
 *     environment. Required outside {@code local}, where a random one is made per process. Every replica needs the
 *     same one
 */
@ConfigurationProperties("healthkey.auth")
public record AuthProperties(
        @DefaultValue List<String> domains,
        @DefaultValue List<String> uriOrigins,
        @DefaultValue("5m") Duration nonceTtl,
        @DefaultValue("15m") Duration sessionTtl,
        @DefaultValue("30s") Duration clockSkew,
        String tokenSecret) {

    @Override
    public String toString() {
        return "AuthProperties[domains=" + domains + ", uriOrigins=" + uriOrigins + ", nonceTtl=" + nonceTtl
                + ", sessionTtl=" + sessionTtl + ", clockSkew=" + clockSkew + ", tokenSecret=***]";
    }
}
