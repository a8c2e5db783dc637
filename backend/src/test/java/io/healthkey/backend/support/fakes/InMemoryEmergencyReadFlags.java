package io.healthkey.backend.support.fakes;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.healthkey.backend.application.audit.EmergencyReadFlagsPort;
import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/** The emergency reads flagged beside the read log, in a list; counts its look-ups (one per page, not per row). */
public final class InMemoryEmergencyReadFlags implements EmergencyReadFlagsPort {

    public final List<EmergencyRead> flagged = new CopyOnWriteArrayList<>();
    public final AtomicInteger lookups = new AtomicInteger();

    @Override
    public Flux<EmergencyRead> between(EthAddress patient, Instant from, Instant to) {
        lookups.incrementAndGet();
        return Flux.fromIterable(flagged)
                .filter(read -> read.patient().equals(patient))
                .filter(read -> !read.at().isBefore(from) && !read.at().isAfter(to));
    }
}
