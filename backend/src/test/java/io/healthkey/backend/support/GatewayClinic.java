package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The clinic the test backend's gateway serves: its wallet, and its encryption key in a 0600 key file, as an
 * operator would configure it. Made once per JVM, so every IT shares one Spring context.
 */
public final class GatewayClinic {

    public static final Wallet WALLET = Wallet.create();
    /** A second clinic whose key the gateway holds, but which no test accredits. */
    public static final Wallet UNACCREDITED = Wallet.create();
    private static final Path KEY_FILE = writeKeyFile(WALLET);
    private static final Path UNACCREDITED_KEY_FILE = writeKeyFile(UNACCREDITED);

    private GatewayClinic() {
    }

    static void register(DynamicPropertyRegistry registry) {
        registry.add("healthkey.gateway.clinics[0].address", () -> WALLET.address().toString());
        registry.add("healthkey.gateway.clinics[0].key-file", KEY_FILE::toString);
        registry.add("healthkey.gateway.clinics[1].address", () -> UNACCREDITED.address().toString());
        registry.add("healthkey.gateway.clinics[1].key-file", UNACCREDITED_KEY_FILE::toString);
    }

    /** The same clinic for a backend process: its gateway holds {@link #WALLET}'s key. */
    public static Map<String, String> processProperties() {
        return Map.of("healthkey.gateway.clinics[0].address", WALLET.address().toString(),
                "healthkey.gateway.clinics[0].key-file", KEY_FILE.toString());
    }

    private static Path writeKeyFile(Wallet clinic) {
        try {
            Path file = Files.createTempFile("healthkey-clinic-", ".key",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            Files.writeString(file, io.healthkey.protocol.Hex.encode(clinic.encryptionKey().toBytes()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
