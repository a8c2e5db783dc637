package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Kubo node of its own in a swarm on loopback (scripts/start-ipfs.sh with {@code IPFS_SWARM_PORT}): API, gateway
 * and swarm on free ports of 127.0.0.1, a fresh repository; it exchanges blocks only with the peers it connects to.
 * Started once, stopped by {@link #close()}.
 */
public final class SwarmKubo implements AutoCloseable {

    private final ManagedProcess process;
    private final URI api;

    private SwarmKubo(ManagedProcess process, URI api) {
        this.process = process;
        this.api = api;
    }

    public static SwarmKubo start(String name) {
        try {
            int apiPort = Loopback.freePort();
            Map<String, String> env = Map.of(
                    "IPFS_PATH", Files.createTempDirectory("healthkey-" + name + "-").resolve("ipfs").toString(),
                    "IPFS_API_PORT", "" + apiPort, "IPFS_GATEWAY_PORT", "" + Loopback.freePort(),
                    "IPFS_SWARM_PORT", "" + Loopback.freePort());
            ManagedProcess process = ManagedProcess.start(name, Checkout.root(), Checkout.itLogs(), env,
                    List.of("bash", "scripts/start-ipfs.sh"));
            URI api = URI.create("http://127.0.0.1:" + apiPort);
            try {
                Loopback.awaitPost(api.resolve("/api/v0/version"), "", Duration.ofMinutes(2), process::assertAlive);
            } catch (RuntimeException e) {
                process.close();
                throw e;
            }
            return new SwarmKubo(process, api);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The RPC API's base URL. */
    public URI api() {
        return api;
    }

    @Override
    public void close() {
        process.close();
    }
}
