package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs one of the repository's {@code scripts/*.sh} to its end, as an operator would; its log goes to stderr. */
public final class ShellScript {

    private ShellScript() {
    }

    public record Result(int exitCode, String stdout) {
    }

    /** Runs {@code scripts/<script> arguments...} with {@code env} added, killing it (and failing) after timeout. */
    public static Result run(Duration timeout, Map<String, String> env, String script, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/" + script));
        command.addAll(List.of(arguments));
        return runToEnd(Checkout.root(), command, env, "", timeout);
    }

    /**
     * Runs {@code command} in {@code workDir} with {@code env} added and {@code stdin} as its input; answers its exit
     * status and stdout, or kills it and its descendants (and fails) once {@code timeout} has passed.
     */
    static Result runToEnd(Path workDir, List<String> command, Map<String, String> env, String stdin,
            Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            // Read stdout on its own thread: reading it to the end here would wait past the timeout.
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
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
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
