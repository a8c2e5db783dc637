package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real dev chain (Hardhat node), a real Kubo node and the deployed contracts, on free loopback ports,
 * started through the same scripts as {@code scripts/run.sh}; the backend's database is the embedded H2, or the
 * {@link PostgresServer} when {@link PostgresServer#selected()}. One per test JVM: the first suite that
 * needs it starts it, {@link LocalStackExtension} stops it after the last.
 */
public final class LocalStack implements AutoCloseable {

    /** Hardhat's public dev keys: account #0 deploys, #1 relays (it holds RELAYER_ROLE). */
    public static final String DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public static final String RELAYER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    /** Hardhat's chain id: sign-in messages name it. */
    public static final long CHAIN_ID = 31337;

    private static LocalStack shared;

    private final Path root;
    private final Path workDir;
    private final ManagedProcess chain;
    private final Map<String, String> ipfsEnv;
    private ManagedProcess ipfs;
    private final URI rpcUrl;
    private final URI ipfsApiUrl;
    private final Path deploymentFile;

    private LocalStack(Path root, Path workDir, ManagedProcess chain, URI rpcUrl, ManagedProcess ipfs,
            Map<String, String> ipfsEnv, URI ipfsApiUrl, Path deploymentFile) {
        this.root = root;
        this.workDir = workDir;
        this.chain = chain;
        this.rpcUrl = rpcUrl;
        this.ipfs = ipfs;
        this.ipfsEnv = ipfsEnv;
        this.ipfsApiUrl = ipfsApiUrl;
        this.deploymentFile = deploymentFile;
    }

    public static synchronized LocalStack shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** Points the backend at this stack. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("healthkey.chain.rpc-url", rpcUrl::toString);
        registry.add("healthkey.chain.deployment-file", deploymentFile::toString);
        registry.add("healthkey.ipfs.api-url", ipfsApiUrl::toString);
        registry.add("healthkey.data-dir", () -> workDir.resolve("data").toString());
        if (PostgresServer.selected()) {
            PostgresServer.shared().register(registry);
        }
    }

    /** Stops or resumes mining a block per transaction (Hardhat's automine); sent transactions wait in the pool. */
    public void automine(boolean on) {
        NodeRpc.call(rpcUrl, "evm_setAutomine", List.of(on));
    }

    /** Mines one block with what waits in the pool. */
    public void mine() {
        NodeRpc.call(rpcUrl, "evm_mine", List.of());
    }

    /** CPU time the chain node (and its wrapper processes) used so far: what a benchmark charges to the node. */
    public Duration chainCpu() {
        return chain.cpu();
    }

    public URI rpcUrl() {
        return rpcUrl;
    }

    /** The Kubo node's RPC API, without {@code /api/v0}. */
    public URI ipfsApiUrl() {
        return ipfsApiUrl;
    }

    public Path deploymentFile() {
        return deploymentFile;
    }

    public Path root() {
        return root;
    }

    private static LocalStack start() {
        Path root = Checkout.root();
        List<ManagedProcess> started = new ArrayList<>();
        try {
            Path workDir = Files.createTempDirectory("healthkey-it-");
            Path logs = Checkout.itLogs();
            int chainPort = Loopback.freePort();
            URI rpcUrl = URI.create("http://127.0.0.1:" + chainPort);
            ManagedProcess chain = ManagedProcess.start("chain", root, logs, Map.of("CHAIN_PORT", "" + chainPort),
                    List.of("bash", "scripts/start-chain.sh"));
            started.add(chain);
            int apiPort = Loopback.freePort();
            URI ipfsApi = URI.create("http://127.0.0.1:" + apiPort);
            Map<String, String> ipfsEnv = Map.of("IPFS_PATH", workDir.resolve("ipfs").toString(),
                    "IPFS_API_PORT", "" + apiPort, "IPFS_GATEWAY_PORT", "" + Loopback.freePort());
            ManagedProcess ipfs = startIpfs(root, ipfsEnv);
            started.add(ipfs);
            NodeRpc.awaitAnswer(rpcUrl, Duration.ofSeconds(90), chain::assertAlive);
            Path deployment = deploy(root, rpcUrl, workDir.resolve("deployments"), logs.resolve("deploy.log"));
            Loopback.awaitPost(ipfsApi.resolve("/api/v0/version"), "", Duration.ofMinutes(10), ipfs::assertAlive);
            return new LocalStack(root, workDir, chain, rpcUrl, ipfs, ipfsEnv, ipfsApi, deployment);
        } catch (IOException | RuntimeException e) {
            started.forEach(ManagedProcess::close);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static ManagedProcess startIpfs(Path root, Map<String, String> env) {
        return ManagedProcess.start("ipfs", root, Checkout.itLogs(), env, List.of("bash", "scripts/start-ipfs.sh"));
    }

    /** Stops the Kubo node (the fault tests' IPFS outage); {@link #restartIpfs()} brings it back. */
    public synchronized void stopIpfs() {
        ipfs.close();
    }

    /** Starts Kubo again on the same repository and ports, and waits until its API answers. */
    public synchronized void restartIpfs() {
        ipfs = startIpfs(root, ipfsEnv);
        Loopback.awaitPost(ipfsApiUrl.resolve("/api/v0/version"), "", Duration.ofMinutes(1), ipfs::assertAlive);
    }

    /** Runs {@code scripts/deploy.sh} against {@code rpcUrl}; the deployment file's path. */
    static Path deploy(Path root, URI rpcUrl, Path deployments, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/deploy.sh").directory(root.toFile())
                .redirectError(log.toFile());
        builder.environment().putAll(Map.of("CHAIN_RPC_URL", rpcUrl.toString(), "DEPLOYMENTS_DIR", deployments.toString()));
        Process deploy = builder.start();
        try {
            String output = new String(deploy.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!deploy.waitFor(3, TimeUnit.MINUTES) || deploy.exitValue() != 0) {
                deploy.destroyForcibly();
                throw new IllegalStateException("deploy failed; see " + log);
            }
            return Path.of(output.lines().reduce((first, second) -> second).orElseThrow());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        ipfs.close();
        chain.close();
    }
}
