package io.healthkey.backend.application.emergency;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.backend.domain.emergency.EmergencyWindow;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The indexed emergency windows and events, and the flagged reads, in memory. */
final class InMemoryEmergencyEvents implements EmergencyEventsPort, EmergencyReadsPort {

    final List<EmergencyWindow> windows = new ArrayList<>();
    final List<ChainEvent.Emergency> events = new ArrayList<>();
    final List<EmergencyRead> flagged = new ArrayList<>();
    int windowLookups;

    @Override
    public Mono<EmergencyWindow> openWindow(EthAddress patient, EthAddress requester, Instant at) {
        windowLookups++;
        return Flux.fromIterable(windows)
                .filter(window -> window.patient().equals(patient) && window.requester().equals(requester)
                        && window.isOpenAt(at))
                .next();
    }

    @Override
    public Mono<ChainEvent.Emergency> latestRequest(EthAddress patient, EthAddress requester) {
        return Flux.fromIterable(events)
                .filter(event -> event.patient().equals(patient) && event.requester().equals(requester)
                        && event.name().equals("EmergencyAccessRequested"))
                .next();
    }

    @Override
    public Flux<ChainEvent.Emergency> history(EthAddress patient, int limit) {
        return Flux.fromIterable(events).filter(event -> event.patient().equals(patient)).take(limit);
    }

    @Override
    public Mono<Void> flag(EmergencyRead read) {
        return Mono.fromRunnable(() -> flagged.add(read));
    }

    @Override
    public Flux<EmergencyRead> of(EthAddress patient, int limit) {
        return Flux.fromIterable(flagged).filter(read -> read.patient().equals(patient)).take(limit);
    }
}
