package io.healthkey.backend.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An anvil node of its own for one suite (npm {@code @foundry-rs/anvil}, Hardhat's dev keys, chain id 31337), for
 * drills the shared Hardhat node must not see: mining paused, the pool emptied. Stopped on {@link #close()}.
 */
public final class Anvil implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ManagedProcess process;
    private final URI rpcUrl;

    private Anvil(ManagedProcess process, URI rpcUrl) {
        this.process = process;
        this.rpcUrl = rpcUrl;
    }

    public static Anvil start() {
        Path root = Path.of(System.getProperty("healthkey.root", "..")).toAbsolutePath().normalize();
        try {
            Path logs = Files.createDirectories(root.resolve("backend/target/it-logs"));
            int port = Loopback.freePort();
            URI rpcUrl = URI.create("http://127.0.0.1:" + port);
            ManagedProcess process = ManagedProcess.start("anvil-" + port, root, logs, Map.of(),
                    List.of(root.resolve("node_modules/.bin/anvil").toString(), "--host", "127.0.0.1", "--port",
                            "" + port, "--chain-id", "31337"));
            Loopback.awaitPost(rpcUrl, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}",
                    Duration.ofSeconds(30), process::assertAlive);
            return new Anvil(process, rpcUrl);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start anvil", e);
        }
    }

    public URI rpcUrl() {
        return rpcUrl;
    }

    /** Calls a JSON-RPC method with {@code params} (a JSON array) and answers the response body. */
    public String call(String method, String params) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rpcUrl)
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.body().contains("\"error\"")) {
                throw new IllegalStateException(method + " failed: " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops or resumes mining a block per transaction. */
    public void automine(boolean on) {
        call("evm_setAutomine", "[" + on + "]");
    }

    public void mine() {
        call("evm_mine", "[]");
    }

    /** Empties the pool, as a node restart without a persisted pool does. */
    public void dropPendingTransactions() {
        call("anvil_dropAllTransactions", "[]");
    }

    @Override
    public void close() {
        process.close();
    }
}
