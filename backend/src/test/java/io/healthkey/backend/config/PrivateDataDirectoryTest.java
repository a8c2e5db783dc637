package io.healthkey.backend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** The data directory (H2 database, embedded blocks) is the owner's only, new or found open. */
class PrivateDataDirectoryTest {

    @TempDir
    Path root;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    }

    @Test
    void createsTheDataDirectoryAndItsParentsWithOwnerOnlyPermissions() throws IOException {
        Path dataDir = root.resolve("state/data");

        process(dataDir);

        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void narrowsAnExistingDataDirectoryThatOthersCouldEnter() throws IOException {
        Path dataDir = Files.createDirectory(root.resolve("data"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        process(dataDir);

        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    private static void process(Path dataDir) {
        new PrivateDataDirectory().postProcessEnvironment(
                new MockEnvironment().withProperty("healthkey.data-dir", dataDir.toString()), new SpringApplication());
    }
}
