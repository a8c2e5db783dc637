package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An anvil node (Hardhat's dev keys, chain id 31337) that keeps its chain in a state file ({@code --state}: loaded
 * at start, written every second and on exit), so that it can be stopped and started again on the same port with
 * the same blocks and contracts: a real node outage, which Hardhat's in-memory chain cannot survive. The contracts
 * are deployed by {@code scripts/deploy.sh} at the first start. The pool of pending transactions is not kept.
 */
public final class StatefulAnvil implements AutoCloseable {

    private final Path root;
    private final Path dir;
    private final int port;
    private final Path deploymentFile;
    private ManagedProcess process;

    private StatefulAnvil(Path root, Path dir, int port) {
        this.root = root;
        this.dir = dir;
        this.port = port;
        this.process = launch();
        try {
            this.deploymentFile = LocalStack.deploy(root, rpcUrl(), dir.resolve("deployments"),
                    Checkout.itLogs().resolve("deploy-" + port + ".log"));
        } catch (IOException e) {
            process.close();
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a new chain with its state in {@code dir} and deploys the contracts on it. */
    public static StatefulAnvil start(Path dir) {
        return new StatefulAnvil(Checkout.root(), dir, Loopback.freePort());
    }

    private ManagedProcess launch() {
        return Anvil.launch("anvil-stateful-" + port, port, Duration.ofSeconds(30),
                List.of("--state", dir.resolve("state.json").toString(), "--state-interval", "1"));
    }

    public URI rpcUrl() {
        return Anvil.rpcUrl(port);
    }

    public Path deploymentFile() {
        return deploymentFile;
    }

    /** Stops the node (SIGTERM: it writes its state); nothing answers on its port until {@link #restart()}. */
    public synchronized void stop() {
        process.close();
    }

    /** Starts the node again on the same port from its state file. */
    public synchronized void restart() {
        process = launch();
    }

    @Override
    public synchronized void close() {
        process.close();
    }
}
