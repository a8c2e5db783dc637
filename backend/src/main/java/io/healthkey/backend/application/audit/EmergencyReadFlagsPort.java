package io.healthkey.backend.application.audit;

import java.time.Instant;

import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/**
 * The emergency reads flagged beside the read log, as the audit joins them to its rows. Every implementation stores
 * a flagged read's time exactly as the read log stores the row of the same read (the same instant, the same
 * precision), so that the two meet on reader, record and time.
 */
public interface EmergencyReadFlagsPort {

    /** The emergency reads of {@code patient}'s records made from {@code from} to {@code to}, both included. */
    Flux<EmergencyRead> between(EthAddress patient, Instant from, Instant to);
}
