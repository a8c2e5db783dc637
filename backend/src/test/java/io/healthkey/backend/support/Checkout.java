package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the tests run in: its root, and the folder where started processes log. */
public final class Checkout {

    private Checkout() {
    }

    /** The repository root: the {@code healthkey.root} system property Maven sets, else the backend's parent. */
    public static Path root() {
        return Path.of(System.getProperty("healthkey.root", "..")).toAbsolutePath().normalize();
    }

    /** {@code backend/target/it-logs}, created if missing: the logs of the chain, IPFS and backend processes. */
    public static Path itLogs() {
        try {
            return Files.createDirectories(root().resolve("backend/target/it-logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
