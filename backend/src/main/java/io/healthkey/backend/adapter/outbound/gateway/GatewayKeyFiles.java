package io.healthkey.backend.adapter.outbound.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.healthkey.backend.application.gateway.GatewayKeyPort;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;

/**
 * {@link GatewayKeyPort} over key files named in {@link GatewayProperties}, read once at startup. A key file that
 * others can read is refused: it would let any local account decrypt the clinic's records. Keys are never logged.
 */
@Component
class GatewayKeyFiles implements GatewayKeyPort {

    private static final Logger log = LoggerFactory.getLogger(GatewayKeyFiles.class);
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final Map<EthAddress, EncryptionPrivateKey> keys = new HashMap<>();

    GatewayKeyFiles(GatewayProperties properties) {
        for (GatewayProperties.Clinic clinic : properties.clinics()) {
            EthAddress address = EthAddress.parse(clinic.address());
            keys.put(address, read(clinic));
            log.info("clinic gateway serves {} (encryption key {})", address, keys.get(address).publicKey().toHex());
        }
    }

    @Override
    public Optional<EncryptionPrivateKey> keyOf(EthAddress clinic) {
        return Optional.ofNullable(keys.get(clinic));
    }

    private static EncryptionPrivateKey read(GatewayProperties.Clinic clinic) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(clinic.keyFile());
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new IllegalStateException("gateway key file " + clinic.keyFile()
                        + " is readable or writable by others; chmod 600 it");
            }
            return EncryptionPrivateKey.parse(Files.readString(clinic.keyFile()).strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the gateway key file " + clinic.keyFile(), e);
        }
    }
}
