package io.healthkey.backend.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes {@code healthkey.data-dir} (the H2 database, the embedded block store) a directory only this account can
 * enter ({@code 0700}), before anything is written there: the H2 files and blocks created inside then cannot be
 * read by other local users whatever the process's umask. An existing directory is narrowed to {@code 0700} too.
 * On a file system without POSIX permissions nothing is changed.
 */
class PrivateDataDirectory implements EnvironmentPostProcessor {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dataDir = environment.getProperty("healthkey.data-dir");
        if (dataDir != null && !dataDir.isBlank()) {
            makePrivate(Path.of(dataDir));
        }
    }

    static void makePrivate(Path directory) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            if (Files.notExists(directory)) {
                Files.createDirectories(directory.toAbsolutePath().getParent());
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.setPosixFilePermissions(directory, OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + directory + " private", e);
        }
    }
}
