package io.healthkey.backend.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
        int port = Loopback.freePort();
        return new Anvil(launch("anvil-" + port, port, Duration.ofSeconds(30), List.of()), rpcUrl(port));
    }

    /**
     * Starts an anvil node on {@code port} of 127.0.0.1, chain id 31337 and Hardhat's dev keys, with the further
     * {@code options}, logging to {@link Checkout#itLogs()} as {@code name}; answers once it answers JSON-RPC.
     */
    static ManagedProcess launch(String name, int port, Duration within, List<String> options) {
        Path root = Checkout.root();
        List<String> command = new ArrayList<>(List.of(root.resolve("node_modules/.bin/anvil").toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--chain-id", "31337"));
        command.addAll(options);
        ManagedProcess process = ManagedProcess.start(name, root, Checkout.itLogs(), Map.of(), command);
        try {
            NodeRpc.awaitAnswer(rpcUrl(port), within, process::assertAlive);
            return process;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    static URI rpcUrl(int port) {
        return URI.create("http://127.0.0.1:" + port);
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
