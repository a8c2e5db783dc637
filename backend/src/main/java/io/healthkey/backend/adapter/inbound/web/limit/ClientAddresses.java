package io.healthkey.backend.adapter.inbound.web.limit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Which client a request comes from, for the rate limits: the socket's remote address, unless that address is one of
 * the configured trusted proxies; then {@code X-Forwarded-For} is read from the right (the entry the proxy appended)
 * past every trusted proxy, and the first address that is not one is the client. Nothing a client writes into the
 * header can choose its key: without trusted proxies the header is ignored, and an entry that is not an IP literal
 * stops the walk at the proxy that forwarded it.
 */
final class ClientAddresses {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    /** The key of a request whose socket address is unknown (not on a real server). */
    static final String UNKNOWN = "unknown";

    private final List<IpRange> trustedProxies;

    ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(IpRange::parse).toList();
    }

    /** The key of {@code request}'s client: an IPv4 address or an IPv6 /64. */
    String clientKey(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return UNKNOWN;
        }
        InetAddress client = remote.getAddress();
        if (isTrusted(client)) {
            List<String> hops = forwardedFor(request);
            for (int i = hops.size() - 1; i >= 0; i--) {
                Optional<InetAddress> hop = IpLiteral.parse(hops.get(i));
                if (hop.isEmpty()) {
                    break;
                }
                client = hop.get();
                if (!isTrusted(client)) {
                    break;
                }
            }
        }
        return IpLiteral.clientKey(client);
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }

    private static List<String> forwardedFor(ServerHttpRequest request) {
        List<String> hops = new ArrayList<>();
        for (String header : request.getHeaders().getOrEmpty(FORWARDED_FOR)) {
            for (String hop : header.split(",")) {
                hops.add(hop);
            }
        }
        return hops;
    }
}
