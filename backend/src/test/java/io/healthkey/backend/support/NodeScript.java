package io.healthkey.backend.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        ShellScript.Result result = ShellScript.runToEnd(root, command, Map.of(), stdin, timeout);
        return new Result(result.exitCode(), result.stdout());
    }
}
