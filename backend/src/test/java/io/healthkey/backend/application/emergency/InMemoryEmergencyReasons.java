package io.healthkey.backend.application.emergency;

import java.util.LinkedHashMap;
import java.util.Map;

import io.healthkey.backend.domain.emergency.EmergencyReason;
import io.healthkey.backend.support.fakes.Snapshots;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** {@link EmergencyReasons} in memory, rolled back with the transaction it was saved in. */
final class InMemoryEmergencyReasons implements EmergencyReasons, Snapshots {

    private Map<String, EmergencyReason> reasons = new LinkedHashMap<>();

    @Override
    public Mono<Void> save(EmergencyReason reason) {
        return Mono.fromRunnable(() -> reasons.putIfAbsent(key(reason.patient(), reason.requester(), reason.hash()),
                reason));
    }

    @Override
    public Mono<EmergencyReason> find(EthAddress patient, EthAddress requester, Bytes32 hash) {
        return Mono.justOrEmpty(reasons.get(key(patient, requester, hash)));
    }

    int size() {
        return reasons.size();
    }

    @Override
    public Runnable snapshot() {
        Map<String, EmergencyReason> copy = new LinkedHashMap<>(reasons);
        return () -> reasons = copy;
    }

    private static String key(EthAddress patient, EthAddress requester, Bytes32 hash) {
        return patient + " " + requester + " " + hash;
    }
}
