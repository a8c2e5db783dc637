package io.healthkey.backend.support.pinning;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An IPFS Pinning Service API v1.0.0 server on 127.0.0.1, written from the spec's OpenAPI file
 * (ipfs/pinning-services-api-spec, {@code ipfs-pinning-service.yaml}), with a Trustless Gateway
 * ({@code GET /ipfs/{cid}?format=raw}) for its own blocks. Pins go through a {@link PinBackend}: with
 * {@link KuboPinBackend}, "pinned" means its own Kubo fetched and pinned every block from the origins.
 *
 * <p>Faults: {@link #down()} (connections refused until {@link #up()}), {@link #slow(Duration)} (every answer that
 * late), {@link #loseData(String)} (its node unpins and collects the blocks while the API keeps answering pinned),
 * {@link #capPages(int)} (answers at most that many results a page, as a service may).
 */
public final class PinningSpecServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATUSES = Set.of("queued", "pinning", "pinned", "failed");

    private final String token;
    private final PinBackend backend;
    private final Map<String, ObjectNode> requests = new LinkedHashMap<>();
    private final ExecutorService pinning = Executors.newFixedThreadPool(2, daemon("pinning-spec-server-pin"));
    private final AtomicLong created = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final int port;
    private HttpServer server;
    private volatile Duration delay = Duration.ZERO;
    private volatile int pageCap = 1000;
    /** Every {@code Authorization} header value received, in order (for tests of what a client sends). */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();

    public PinningSpecServer(String token, PinBackend backend) throws IOException {
        this.token = token;
        this.backend = backend;
        this.server = start(0);
        this.port = server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The gateway's base URL (the same server). */
    public URI gateway() {
        return endpoint();
    }

    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public synchronized void up() throws IOException {
        if (server == null) {
            server = start(port);
        }
    }

    public void slow(Duration delay) {
        this.delay = delay;
    }

    public void capPages(int cap) {
        this.pageCap = cap;
    }

    /** Its node drops {@code cid}; every request for it keeps saying pinned. */
    public void loseData(String cid) throws Exception {
        backend.drop(cid);
    }

    /** The requests for {@code cid}, as the API would answer them. */
    public synchronized List<JsonNode> requestsFor(String cid) {
        return requests.values().stream().filter(r -> r.path("pin").path("cid").asText().equals(cid))
                .map(JsonNode.class::cast).toList();
    }

    @Override
    public void close() {
        down();
        pinning.shutdownNow();
    }

    private HttpServer start(int on) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 16);
        http.createContext("/pins", this::pins);
        http.createContext("/ipfs/", this::gateway);
        http.setExecutor(Executors.newFixedThreadPool(4, daemon("pinning-spec-server-http")));
        http.start();
        return http;
    }

    private void pins(HttpExchange exchange) throws IOException {
        try {
            pause();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                failure(exchange, 401, "UNAUTHORIZED", "access token is missing or invalid");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/pins") || path.equals("/pins/")) {
                switch (method) {
                    case "GET" -> list(exchange);
                    case "POST" -> add(exchange, Optional.empty());
                    default -> failure(exchange, 405, "METHOD_NOT_ALLOWED", method);
                }
                return;
            }
            String id = path.substring("/pins/".length());
            ObjectNode existing;
            synchronized (this) {
                existing = requests.get(id);
            }
            if (existing == null) {
                failure(exchange, 404, "NOT_FOUND", "no pin request with this id");
                return;
            }
            switch (method) {
                case "GET" -> answer(exchange, 200, existing);
                case "POST" -> add(exchange, Optional.of(id));
                case "DELETE" -> {
                    synchronized (this) {
                        requests.remove(id);
                    }
                    exchange.sendResponseHeaders(202, -1);
                }
                default -> failure(exchange, 405, "METHOD_NOT_ALLOWED", method);
            }
        } catch (RuntimeException e) {
            failure(exchange, 500, "INTERNAL_SERVER_ERROR", e.getClass().getSimpleName());
        } finally {
            exchange.close();
        }
    }

    /** {@code POST /pins} and {@code POST /pins/{requestid}} (replace: the old request goes, a new one comes). */
    private void add(HttpExchange exchange, Optional<String> replacing) throws IOException {
        JsonNode pin;
        try (InputStream in = exchange.getRequestBody()) {
            pin = JSON.readTree(in.readNBytes(64 * 1024));
        } catch (IOException e) {
            failure(exchange, 400, "BAD_REQUEST", "body is not JSON");
            return;
        }
        if (pin == null || !pin.path("cid").isTextual() || pin.path("cid").asText().isEmpty()
                || pin.path("origins").size() > 20 || pin.path("name").asText("").length() > 255) {
            failure(exchange, 400, "BAD_REQUEST", "a Pin needs a cid, at most 20 origins, a name of 255 characters");
            return;
        }
        ObjectNode status = JSON.createObjectNode();
        String id = UUID.randomUUID().toString();
        status.put("requestid", id).put("status", "queued")
                .put("created", Instant.ofEpochMilli(created.getAndIncrement()).toString())
                .set("pin", pin);
        status.putArray("delegates").add("/ip4/127.0.0.1/tcp/4001/p2p/spec-server");
        synchronized (this) {
            replacing.ifPresent(requests::remove);
            requests.put(id, status);
        }
        List<String> origins = new ArrayList<>();
        pin.path("origins").forEach(origin -> origins.add(origin.asText()));
        pinning.submit(() -> fetchAndPin(id, pin.path("cid").asText(), origins));
        answer(exchange, 202, status);
    }

    private void fetchAndPin(String id, String cid, List<String> origins) {
        setStatus(id, "pinning");
        try {
            backend.pin(cid, origins);
            setStatus(id, "pinned");
        } catch (Exception e) {
            setStatus(id, "failed");
        }
    }

    private synchronized void setStatus(String id, String status) {
        ObjectNode request = requests.get(id);
        if (request != null) {
            request.put("status", status);
        }
    }

    /** {@code GET /pins}: filters cid, name (exact), status (default pinned), before, after, limit; newest first. */
    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        Optional<Set<String>> cids = Optional.ofNullable(query.get("cid")).map(c -> Set.of(c.split(",")));
        Set<String> statuses = Set.of(query.getOrDefault("status", "pinned").split(","));
        int limit;
        try {
            limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000 || !STATUSES.containsAll(statuses)
                || cids.map(c -> c.size() > 10).orElse(false)) {
            failure(exchange, 400, "BAD_REQUEST", "limit is 1 to 1000, status among " + STATUSES + ", up to 10 cids");
            return;
        }
        Optional<Instant> before = Optional.ofNullable(query.get("before")).map(Instant::parse);
        Optional<Instant> after = Optional.ofNullable(query.get("after")).map(Instant::parse);
        List<JsonNode> matching;
        synchronized (this) {
            matching = requests.values().stream()
                    .filter(r -> cids.map(c -> c.contains(r.path("pin").path("cid").asText())).orElse(true))
                    .filter(r -> statuses.contains(r.path("status").asText()))
                    .filter(r -> Optional.ofNullable(query.get("name"))
                            .map(n -> n.equals(r.path("pin").path("name").asText())).orElse(true))
                    .filter(r -> before.map(b -> Instant.parse(r.path("created").asText()).isBefore(b)).orElse(true))
                    .filter(r -> after.map(a -> Instant.parse(r.path("created").asText()).isAfter(a)).orElse(true))
                    .sorted(Comparator.comparing((JsonNode r) -> Instant.parse(r.path("created").asText())).reversed())
                    .map(r -> (JsonNode) r.deepCopy())
                    .toList();
        }
        ObjectNode results = JSON.createObjectNode().put("count", matching.size());
        ArrayNode page = results.putArray("results");
        matching.stream().limit(Math.min(limit, pageCap)).forEach(page::add);
        answer(exchange, 200, results);
    }

    /** {@code GET /ipfs/{cid}?format=raw}: a block this node holds, never fetched from a peer. */
    private void gateway(HttpExchange exchange) throws IOException {
        try {
            pause();
            String cid = exchange.getRequestURI().getPath().substring("/ipfs/".length());
            if (!"raw".equals(query(exchange.getRequestURI()).get("format"))) {
                failure(exchange, 400, "BAD_REQUEST", "only ?format=raw is served");
                return;
            }
            Optional<byte[]> block;
            try {
                block = backend.localBlock(cid);
            } catch (Exception e) {
                failure(exchange, 502, "NODE_FAILED", e.getClass().getSimpleName());
                return;
            }
            if (block.isEmpty()) {
                failure(exchange, 404, "NOT_FOUND", "no such block here");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.ipld.raw");
            exchange.sendResponseHeaders(200, block.get().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(block.get());
            }
        } finally {
            exchange.close();
        }
    }

    private void pause() {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            Arrays.stream(uri.getRawQuery().split("&")).map(pair -> pair.split("=", 2)).forEach(pair ->
                    query.put(URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                            pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : ""));
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The spec's {@code Failure}: {@code {"error": {"reason", "details"}}}. */
    private static void failure(HttpExchange exchange, int status, String reason, String details) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("reason", reason).put("details", details);
        answer(exchange, status, body);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
