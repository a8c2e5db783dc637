package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.healthkey.protocol.content.Cid;

/**
 * The three-peer IPFS Cluster of {@code scripts/start-cluster.sh} (each peer with its own Kubo), started once per test
 * class in a state folder of its own on free loopback ports, with a short liveness interval so that a lost peer's
 * pins move within seconds. Peer 1's REST API is the one the backend uses; peers are numbered 1 to 3.
 */
public final class ClusterPeers implements AutoCloseable {

    public static final int PEERS = 3;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ManagedProcess script;
    private final Path state;
    private final URI apiUrl;
    private final List<URI> kuboApiUrls;

    private ClusterPeers(ManagedProcess script, Path state, URI apiUrl, List<URI> kuboApiUrls) {
        this.script = script;
        this.state = state;
        this.apiUrl = apiUrl;
        this.kuboApiUrls = kuboApiUrls;
    }

    /**
     * Starts the cluster with replication {@code min..max} and waits (bounded) until all peers see each other and
     * each can be allocated pins (scripts/start-cluster.sh).
     */
    public static ClusterPeers start(int replicationMin, int replicationMax) {
        try {
            Path state = Files.createTempDirectory("healthkey-cluster-");
            ManagedProcess script = ManagedProcess.start("cluster", Checkout.root(), Checkout.itLogs(), Map.of(
                    "HEALTHKEY_STATE_DIR", state.toString(), "CLUSTER_PORT_BASE", "" + freePortRange(10 * PEERS),
                    "CLUSTER_REPLICATION_MIN", "" + replicationMin, "CLUSTER_REPLICATION_MAX", "" + replicationMax,
                    "CLUSTER_MONITOR_INTERVAL", "2s"), List.of("bash", "scripts/start-cluster.sh"));
            Path ready = state.resolve("cluster/cluster.env");
            Instant until = Instant.now().plus(START_TIMEOUT);
            while (!Files.exists(ready)) {
                if (Instant.now().isAfter(until)) {
                    script.close();
                    throw new IllegalStateException("the cluster did not start within " + START_TIMEOUT + "; see "
                            + script.log());
                }
                script.assertAlive();
                Loopback.sleep(Duration.ofMillis(250));
            }
            Properties env = new Properties();
            try (var reader = Files.newBufferedReader(ready)) {
                env.load(reader);
            }
            return new ClusterPeers(script, state, URI.create(env.getProperty("CLUSTER_API_URL")),
                    Arrays.stream(env.getProperty("CLUSTER_KUBO_API_URLS").split(",")).map(URI::create).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI apiUrl() {
        return apiUrl;
    }

    /** Each peer's Kubo RPC API, peer 1 first. */
    public List<URI> kuboApiUrls() {
        return kuboApiUrls;
    }

    /** The backend's properties for this cluster, reading blocks from {@code kuboApiUrls} in that order. */
    public Map<String, String> backendProperties(List<URI> kuboApiUrls) {
        Map<String, String> properties = new java.util.HashMap<>();
        properties.put("healthkey.ipfs.store", "cluster");
        properties.put("healthkey.ipfs.cluster.api-url", apiUrl.toString());
        for (int i = 0; i < kuboApiUrls.size(); i++) {
            properties.put("healthkey.ipfs.cluster.kubo-api-urls[" + i + "]", kuboApiUrls.get(i).toString());
        }
        return properties;
    }

    /** Stops peer {@code n}'s cluster service and its Kubo, and deletes both their folders: its disk is gone. */
    public void destroyPeer(int n) {
        Path peer = state.resolve("cluster/peer" + n);
        for (String pidFile : List.of("cluster.pid", "ipfs.pid")) {
            try {
                long pid = Long.parseLong(Files.readString(peer.resolve(pidFile)).trim());
                ProcessHandle.of(pid).ifPresent(handle -> {
                    handle.destroy();
                    handle.onExit().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS)
                            .exceptionally(e -> { handle.destroyForcibly(); return handle; }).join();
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        deleteTree(peer.resolve("ipfs"));
        deleteTree(peer.resolve("cluster"));
    }

    /** The names ({@code peer1}..) of the peers that report {@code cid} pinned, as peer 1 sees the cluster. */
    public Set<String> pinnedOn(Cid cid) {
        Set<String> pinned = new TreeSet<>();
        get("/pins/" + cid).path("peer_map").forEach(peer -> {
            if ("pinned".equals(peer.path("status").asText())) {
                pinned.add(peer.path("peername").asText());
            }
        });
        return pinned;
    }

    /** Polls {@code condition} every 500 ms until it holds, for at most {@code timeout}. */
    public static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        Instant until = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError(what + " not reached within " + timeout);
            }
            Loopback.sleep(Duration.ofMillis(500));
        }
    }

    private JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(apiUrl.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            String body = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A base port whose {@code count} successors are all free on 127.0.0.1 now. */
    private static int freePortRange(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000 - count);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int port = base; port < base + count; port++) {
                    held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException taken) {
                // try another range
            } finally {
                held.forEach(socket -> {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing a probe
                    }
                });
            }
        }
        throw new IllegalStateException("no range of " + count + " free loopback ports found");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the script, which stops every peer it started. */
    @Override
    public void close() {
        script.close();
        deleteTree(state);
    }
}
