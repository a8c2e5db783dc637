package io.healthkey.backend.application.directory;

import java.util.Objects;

import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;

/**
 * A provider the directory lists: accredited, not suspended, with a published encryption key.
 *
 * @param name the name its accreditation carried
 * @param key the encryption key it published last: record keys are wrapped for it
 * @param accreditedAt the {@code ProviderAccredited} event
 */
public record ListedProvider(EthAddress address, String name, EncryptionPublicKey key, LogPosition accreditedAt) {

    public ListedProvider {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(accreditedAt, "accreditedAt");
    }
}
