package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An anvil dev chain (npm {@code @foundry-rs/anvil}, chain id 31337, Hardhat's dev accounts, unlocked) on a free
 * loopback port, with the contracts deployed by {@code scripts/deploy.sh}: for reorg drills ({@code anvil_reorg})
 * and benchmarks. One per test class; {@link #close} stops it.
 */
public final class AnvilChain implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final ManagedProcess process;
    private final URI rpcUrl;
    private final Path deploymentFile;

    private AnvilChain(ManagedProcess process, URI rpcUrl, Path deploymentFile) {
        this.process = process;
        this.rpcUrl = rpcUrl;
        this.deploymentFile = deploymentFile;
    }

    /** Starts anvil with {@code accounts} funded dev accounts (Hardhat's first ones) and deploys. */
    public static AnvilChain start(int accounts, String... extraArguments) {
        int port = Loopback.freePort();
        List<String> options = new ArrayList<>(List.of("--accounts", Integer.toString(accounts), "--silent"));
        options.addAll(List.of(extraArguments));
        ManagedProcess process = Anvil.launch("anvil-" + port, port, Duration.ofSeconds(60), options);
        try {
            Path workDir = Files.createTempDirectory("healthkey-anvil-");
            Path deployment = LocalStack.deploy(Checkout.root(), Anvil.rpcUrl(port), workDir.resolve("deployments"),
                    Checkout.itLogs().resolve("deploy-" + port + ".log"));
            return new AnvilChain(process, Anvil.rpcUrl(port), deployment);
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public URI rpcUrl() {
        return rpcUrl;
    }

    /**
     * Points an in-JVM backend at this chain: the deployment, receipts and index polled every 20 and 50 ms, the
     * embedded content store, no FHIR warm-up, an H2 database in a new temporary folder, or on the PostgreSQL pass
     * ({@link PostgresServer#selected()}) a new schema of its own, so that its index never mixes with another
     * chain's.
     */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("healthkey.chain.rpc-url", () -> rpcUrl.toString());
        registry.add("healthkey.chain.deployment-file", () -> deploymentFile.toString());
        registry.add("healthkey.chain.receipt-poll-interval", () -> "20ms");
        registry.add("healthkey.ipfs.store", () -> "embedded");
        registry.add("healthkey.fhir.warm-up", () -> "false");
        String dataDir = newTempDir("healthkey-anvil-backend-"); // once: the supplier is asked at every read
        registry.add("healthkey.data-dir", () -> dataDir);
        registry.add("healthkey.index.poll-interval", () -> "50ms");
        if (PostgresServer.selected()) {
            String schema = "anvil_" + UUID.randomUUID().toString().replace("-", "");
            PostgresServer.shared().schemaProperties(schema).forEach((key, value) -> registry.add(key, () -> value));
        }
    }

    private static String newTempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path deploymentFile() {
        return deploymentFile;
    }

    /** Several JSON-RPC calls in one batch request ({@code [method, params]} each); their results, in order. */
    public List<JsonNode> batch(List<Map.Entry<String, List<Object>>> calls) {
        try {
            List<Map<String, Object>> requests = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                requests.add(Map.of("jsonrpc", "2.0", "id", i, "method", calls.get(i).getKey(),
                        "params", calls.get(i).getValue()));
            }
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rpcUrl).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(requests))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode[] results = new JsonNode[calls.size()];
            for (JsonNode answer : JSON.readTree(response.body())) {
                if (answer.has("error")) {
                    throw new IllegalStateException("batch call failed: " + answer.get("error"));
                }
                results[answer.get("id").asInt()] = answer.get("result");
            }
            return List.of(results);
        } catch (IOException e) {
            throw new UncheckedIOException("batch failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One JSON-RPC call; its {@code result}. Fails on a JSON-RPC error. */
    public JsonNode call(String method, Object... params) {
        try {
            String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method,
                    "params", List.of(params)));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rpcUrl).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(method + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a transaction from an unlocked dev account and returns its receipt's block number (automine). */
    public long send(String from, String to, String data) {
        String hash = call("eth_sendTransaction", Map.of("from", from, "to", to, "data", data)).asText();
        JsonNode receipt = call("eth_getTransactionReceipt", hash);
        for (int attempt = 0; attempt < 200 && (receipt == null || receipt.isNull()); attempt++) {
            Loopback.sleep(Duration.ofMillis(10)); // automine mines right after the answer
            receipt = call("eth_getTransactionReceipt", hash);
        }
        if (receipt == null || receipt.isNull()) {
            throw new IllegalStateException("no receipt for " + hash + " within 2 s: is automine off?");
        }
        if (!"0x1".equals(receipt.get("status").asText())) {
            throw new IllegalStateException("transaction " + hash + " reverted");
        }
        return blockNumber(receipt.get("blockNumber"));
    }

    public long headNumber() {
        return blockNumber(call("eth_blockNumber"));
    }

    /** Mines {@code blocks} empty blocks. */
    public void mine(int blocks) {
        call("anvil_mine", "0x" + Integer.toHexString(blocks));
    }

    /** The hash of block {@code number} on the chain the node now follows. */
    public String blockHash(long number) {
        return call("eth_getBlockByNumber", "0x" + Long.toHexString(number), false).get("hash").asText();
    }

    /** Dev account {@code index}'s address, as anvil lists it. */
    public String account(int index) {
        return call("eth_accounts").get(index).asText();
    }

    private static long blockNumber(JsonNode hex) {
        return new BigInteger(hex.asText().substring(2), 16).longValueExact();
    }

    @Override
    public void close() {
        process.close();
    }
}
