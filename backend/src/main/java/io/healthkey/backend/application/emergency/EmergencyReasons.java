package io.healthkey.backend.application.emergency;

import io.healthkey.backend.domain.emergency.EmergencyReason;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The reasons of emergency requests, in clear, by the hash the chain holds. Guarantees: {@link #save} keeps the first
 * text stored for a (patient, requester, hash) and answers without error for a second one (a relay retried).
 */
public interface EmergencyReasons {

    /** The longest reason accepted, in characters. */
    int MAX_LENGTH = 1000;

    Mono<Void> save(EmergencyReason reason);

    Mono<EmergencyReason> find(EthAddress patient, EthAddress requester, Bytes32 hash);
}
