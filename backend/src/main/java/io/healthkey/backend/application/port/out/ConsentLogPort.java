package io.healthkey.backend.application.port.out;

import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The grants and revocations relayed here, as mined. */
public interface ConsentLogPort {

    Mono<Void> append(ConsentChange change);

    /** The patient's consent history, newest first. */
    Flux<ConsentChange> forPatient(EthAddress patient);
}
