package io.healthkey.backend.adapter.inbound.web.server;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the HTTP server waits for slow clients, and how many connections it holds ({@code healthkey.server.*}).
 * The idle timeout between requests is Spring Boot's {@code server.netty.idle-timeout}. See docs/OPERATIONS.md.
 *
 * @param requestHeaderTimeout the longest a request's line and headers may take, from their first byte to their
 *     last: a client that sends them a byte at a time is closed after it
 * @param readTimeout the longest gap between two reads of a request body: an upload that keeps sending is never cut,
 *     however long it takes; one that stalls is closed
 * @param maxConnections connections held at once; one over it is closed as soon as it is accepted
 * @param maxConnectionsPerAddress connections held at once from one remote address; 0 for no such cap (the right
 *     setting behind a reverse proxy, whose connections all come from its own address)
 */
@ConfigurationProperties("healthkey.server")
public record ServerLimitsProperties(
        @DefaultValue("10s") Duration requestHeaderTimeout,
        @DefaultValue("60s") Duration readTimeout,
        @DefaultValue("2048") int maxConnections,
        @DefaultValue("0") int maxConnectionsPerAddress) {

    public ServerLimitsProperties {
        if (requestHeaderTimeout.isNegative() || requestHeaderTimeout.isZero() || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("server timeouts are positive");
        }
        if (maxConnections < 1 || maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException("max-connections is at least 1, max-connections-per-address 0 or more");
        }
    }
}
