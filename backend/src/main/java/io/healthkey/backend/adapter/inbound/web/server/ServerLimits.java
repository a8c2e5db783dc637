package io.healthkey.backend.adapter.inbound.web.server;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServer;

/**
 * Bounds what slow or idle clients can hold on the Reactor Netty server: a deadline for each request head and a
 * timeout between the reads of a body ({@link SlowRequestGuard}; not a total: a large upload over a slow link lasts
 * as long as its bytes keep coming), and caps on the connections held ({@link ConnectionCap}). The idle timeout between requests is Boot's
 * {@code server.netty.idle-timeout}. Responses are not timed: a server-sent event stream stays open between events.
 */
@Component
class ServerLimits implements NettyServerCustomizer {

    private final ServerLimitsProperties properties;
    private final ConnectionCap connections;

    ServerLimits(ServerLimitsProperties properties) {
        this.properties = properties;
        this.connections = new ConnectionCap(properties.maxConnections(), properties.maxConnectionsPerAddress());
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) -> {
            if (!connections.admit(channel)) {
                channel.close();
                return;
            }
            SlowRequestGuard.install(channel, properties.requestHeaderTimeout(), properties.readTimeout());
        });
    }

    /** Connections held now. */
    int openConnections() {
        return connections.open();
    }
}
