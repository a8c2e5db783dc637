package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The packaged backend ({@code target/healthkey-backend.jar}, built by {@code mvn package} before failsafe runs) as
 * its own OS process, so that a test can kill it with SIGKILL or let it halt itself, and start it again on the same
 * database. Output goes to {@code target/it-logs/<name>.log}.
 */
public final class BackendProcess implements AutoCloseable {

    /** What a process killed by SIGKILL exits with: 128 + 9. */
    public static final int SIGKILLED = 137;

    /** The operator's token each process is started with: it opens health details and metrics. */
    static final String OPERATOR_TOKEN = "fault-stack-operator-token-" + java.util.UUID.randomUUID();

    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private BackendProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** {@link #launch}es the backend and waits until it serves the API. */
    public static BackendProcess start(String name, Map<String, String> properties) {
        BackendProcess started = launch(name, properties);
        try {
            started.awaitReady();
        } catch (RuntimeException e) {
            started.kill();
            throw e;
        }
        return started;
    }

    /**
     * Starts the jar under the {@code local} profile on a free port with {@code properties} (Spring property names),
     * without waiting for it.
     */
    public static BackendProcess launch(String name, Map<String, String> properties) {
        Path backend = LocalStack.shared().root().resolve("backend");
        Path jar = backend.resolve("target/healthkey-backend.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package (mvn verify does) first");
        }
        int port = Loopback.freePort();
        Map<String, String> all = new TreeMap<>(properties);
        all.put("server.port", "" + port);
        all.putIfAbsent("spring.profiles.active", "local");
        all.putIfAbsent("healthkey.metrics.scrape-token", OPERATOR_TOKEN);
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", jar.toString()));
        all.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Path log = Files.createDirectories(backend.resolve("target/it-logs")).resolve(name + ".log");
            Process process = new ProcessBuilder(command).directory(backend.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new BackendProcess(name, process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start backend " + name, e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Ready once the API answers; the health may still be DOWN (a test may have stopped a node on purpose). */
    public void awaitReady() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("backend " + name + " exited with " + process.exitValue() + "; see "
                        + log);
            }
            if (status("/api/v1/network") == 200) {
                return;
            }
            Loopback.sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("backend " + name + " did not serve within " + READY_WITHIN + "; see " + log);
    }

    /** The HTTP status of a GET of {@code path}, or -1 when nothing answers. */
    public int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5))
                    .GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** A client of this process's API; calls time out after 30 s. */
    public WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** {@code /actuator/health} as the operator sees it: every component, with its details. */
    public Map<?, ?> health() {
        return http().get().uri("/actuator/health").header("Authorization", "Bearer " + OPERATOR_TOKEN).exchange()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    /** Waits, at most {@code within}, until this process's event index holds block {@code head}. */
    public void awaitIndexedBlock(long head, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (indexedBlock() < head) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backend " + name + " did not index block " + head + " within " + within);
            }
            Loopback.sleep(Duration.ofMillis(100));
        }
    }

    private long indexedBlock() {
        Map<?, ?> index = (Map<?, ?>) ((Map<?, ?>) health().get("components")).get("eventIndex");
        return ((Number) ((Map<?, ?>) index.get("details")).get("indexedBlock")).longValue();
    }

    /** The API as {@code wallet} uses it, signed in to this process (a restarted process knows no old session). */
    public ApiClient client(Wallet wallet) {
        return new ApiClient(SignIn.as(http(), wallet, LocalStack.CHAIN_ID), wallet, LocalStack.CHAIN_ID);
    }

    /** Waits, bounded, for the process to end by itself; answers its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("backend " + name + " still runs after " + timeout + "; see " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * SIGKILL, as {@code kill -9}: no shutdown hook, no flush, the lease left to expire. Answers the exit code:
     * {@link #SIGKILLED}, unless the process had already ended by itself.
     */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** A graceful stop (SIGTERM), SIGKILL after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
