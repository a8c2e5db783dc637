package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs one of the repository's {@code interop/*.mjs} scripts with Node: an independent implementation. */
public final class NodeScript {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private NodeScript() {
    }

    public record Result(int exitCode, String stdout) {
    }

    /** Runs {@code script}, killing it after 60 s. */
    public static Result run(Path root, String script, String stdin, String... arguments) {
        return run(root, DEFAULT_TIMEOUT, script, stdin, arguments);
    }

    /** Runs {@code script}, killing it (and failing) once {@code timeout} has passed. */
    public static Result run(Path root, Duration timeout, String script, String stdin, String... arguments) {
        List<String> command = new ArrayList<>(List.of("node", root.resolve("interop").resolve(script).toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            // Read stdout on its own thread: reading it to the end here would wait for the script forever.
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), stdout.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
