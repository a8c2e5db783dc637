package io.healthkey.backend.support.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.healthkey.backend.application.audit.ReadLogStorePort;
import io.healthkey.backend.application.record.ReadLogPort;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The read log in a list, ids from 1 in the order rows are created; an aggregate is counted in place, as the
 * database does. Both the record feature's port (what it appends) and the audit's store.
 */
public final class InMemoryReadLog implements ReadLogPort, ReadLogStorePort {

    public final Outage outage = new Outage();
    private final List<LoggedRead> logged = new ArrayList<>();

    public List<ReadEntry> entries() {
        return logged.stream().map(LoggedRead::entry).toList();
    }

    public synchronized List<LoggedRead> rows() {
        return List.copyOf(logged);
    }

    @Override
    public Mono<Void> append(ReadEntry entry) {
        return outage.guard(() -> Mono.fromRunnable(() -> add(entry)));
    }

    @Override
    public Mono<Void> countDenied(ReadEntry entry, Instant windowEnd) {
        return outage.guard(() -> Mono.fromRunnable(() -> count(entry, windowEnd)));
    }

    private synchronized void add(ReadEntry entry) {
        logged.add(new LoggedRead(logged.size() + 1, entry));
    }

    private synchronized void count(ReadEntry entry, Instant windowEnd) {
        for (int i = 0; i < logged.size(); i++) {
            LoggedRead row = logged.get(i);
            if (row.windowEnd().equals(Optional.of(windowEnd)) && row.entry().patient().equals(entry.patient())
                    && row.entry().reader().equals(entry.reader())) {
                Instant last = row.lastAt().isAfter(entry.at()) ? row.lastAt() : entry.at();
                logged.set(i, new LoggedRead(row.id(), row.entry(), row.count() + 1, last, row.windowEnd()));
                return;
            }
        }
        logged.add(new LoggedRead(logged.size() + 1, entry, 1, entry.at(), Optional.of(windowEnd)));
    }

    @Override
    public Flux<LoggedRead> page(EthAddress patient, Optional<Long> beforeId, int max) {
        return outage.guardMany(() -> Flux.fromIterable(rows().stream()
                .filter(read -> read.entry().patient().equals(patient))
                .filter(read -> beforeId.map(before -> read.id() < before).orElse(true))
                .sorted(Comparator.comparingLong(LoggedRead::id).reversed())
                .limit(max)
                .toList()));
    }
}
