package io.healthkey.protocol.eip712;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the interop scripts under {@code <healthkey.root>/interop} with the {@code node} on the PATH. Public so that
 * the integration tests of other packages (keywrap) share it.
 */
public final class NodeScripts {

    private NodeScripts() {
    }

    /** The repository root from the {@code healthkey.root} system property Failsafe sets. */
    public static Path root() {
        String root = System.getProperty("healthkey.root");
        if (root == null) {
            throw new IllegalStateException("system property healthkey.root is not set (run through Maven Failsafe)");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** Skips the calling test, with the reason, when there is no {@code node} to run. */
    public static void assumeNodeIsInstalled() {
        boolean found;
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            found = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            found = false;
        }
        assumeTrue(found, "node is not installed or not on the PATH: the interop tests need Node 20 and npm ci");
    }

    /** Runs {@code node interop/<script> args...} with {@code stdin}, and returns its output lines. */
    public static List<String> run(String script, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", root().resolve("interop").resolve(script).toString()));
        command.addAll(Arrays.asList(args));
        Path stderr = Files.createTempFile("node-stderr", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(root().toFile())
                .redirectError(stderr.toFile())
                .start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish in 120 s");
        }
        String errors = Files.readString(stderr);
        Files.delete(stderr);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(script + " exited with " + process.exitValue() + ": " + errors);
        }
        return stdout.lines().toList();
    }
}
