package io.healthkey.backend.application.emergency;

import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The reads made through emergency windows, flagged beside the read log (migration V19). */
public interface EmergencyReadsPort {

    Mono<Void> flag(EmergencyRead read);

    /** The newest {@code limit} emergency reads of {@code patient}'s records, newest first. */
    Flux<EmergencyRead> of(EthAddress patient, int limit);
}
