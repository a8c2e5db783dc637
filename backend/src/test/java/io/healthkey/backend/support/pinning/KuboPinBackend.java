package io.healthkey.backend.support.pinning;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The spec server's own Kubo (started in a loopback swarm by scripts/start-ipfs.sh), over its RPC API: a pin
 * connects to the origins and has Kubo fetch and pin every block; the gateway serves only blocks Kubo holds
 * ({@code offline=true}: it never fetches a missing block from a peer, so lost data shows as lost).
 */
public final class KuboPinBackend implements PinBackend {

    private static final Duration CALL = Duration.ofSeconds(10);
    private static final Duration PIN = Duration.ofSeconds(60);

    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public KuboPinBackend(URI api) {
        this.api = api;
    }

    @Override
    public void pin(String cid, List<String> origins) throws Exception {
        for (String origin : origins) {
            post("swarm/connect?arg=" + encode(origin), CALL);   // best effort: a pin may find the blocks anyway
        }
        HttpResponse<byte[]> pinned = post("pin/add?arg=" + encode(cid), PIN);
        if (pinned.statusCode() != 200) {
            throw new IllegalStateException("pin/add answered " + pinned.statusCode());
        }
    }

    @Override
    public Optional<byte[]> localBlock(String cid) throws Exception {
        HttpResponse<byte[]> block = post("block/get?offline=true&arg=" + encode(cid), CALL);
        return block.statusCode() == 200 ? Optional.of(block.body()) : Optional.empty();
    }

    /** Whether this node holds the block of {@code cid} now; false also when it does not answer. */
    public boolean holds(String cid) {
        try {
            return localBlock(cid).isPresent();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void drop(String cid) throws Exception {
        post("pin/rm?arg=" + encode(cid), CALL);
        HttpResponse<byte[]> gc = post("repo/gc", PIN);
        if (gc.statusCode() != 200) {
            throw new IllegalStateException("repo/gc answered " + gc.statusCode());
        }
    }

    private HttpResponse<byte[]> post(String call, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(api.resolve("/api/v0/" + call)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
