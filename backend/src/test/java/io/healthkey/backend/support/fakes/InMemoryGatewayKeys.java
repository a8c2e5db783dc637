package io.healthkey.backend.support.fakes;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.application.gateway.GatewayKeyPort;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;

/** The clinics' keys a gateway was entrusted with, in a map. */
public final class InMemoryGatewayKeys implements GatewayKeyPort {

    private final Map<EthAddress, EncryptionPrivateKey> keys = new HashMap<>();

    public void entrust(EthAddress clinic, EncryptionPrivateKey key) {
        keys.put(clinic, key);
    }

    @Override
    public Optional<EncryptionPrivateKey> keyOf(EthAddress clinic) {
        return Optional.ofNullable(keys.get(clinic));
    }
}
