package io.healthkey.backend.support.fakes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.healthkey.backend.application.record.ReadLogPort;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The read log in a list, ids from 1 in the order appended. */
public final class InMemoryReadLog implements ReadLogPort {

    public final Outage outage = new Outage();
    private final List<LoggedRead> logged = new ArrayList<>();

    public List<ReadEntry> entries() {
        return logged.stream().map(LoggedRead::entry).toList();
    }

    @Override
    public Mono<Void> append(ReadEntry entry) {
        return outage.guard(() -> Mono.fromRunnable(() -> logged.add(new LoggedRead(logged.size() + 1, entry))));
    }

    @Override
    public Flux<LoggedRead> forPatient(EthAddress patient) {
        return outage.guardMany(() -> {
            List<LoggedRead> newestFirst = new ArrayList<>(logged.stream()
                    .filter(read -> read.entry().patient().equals(patient)).toList());
            Collections.reverse(newestFirst);
            return Flux.fromIterable(newestFirst);
        });
    }
}
