package io.healthkey.backend.application.record;

import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Every attempt to read a record, allowed or denied; the patient's view of who looked at what. */
public interface ReadLogPort {

    Mono<Void> append(ReadEntry entry);

    /** The patient's read log, newest first. */
    Flux<LoggedRead> forPatient(EthAddress patient);
}
