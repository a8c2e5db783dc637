package io.healthkey.backend.application.audit;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.healthkey.backend.domain.emergency.EmergencyFlag;
import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/**
 * Joins the emergency flags to rows of a patient's read log: one look-up for all the rows, over the span of their
 * times. An emergency read is one allowed row (never an aggregate), and its flag was written with the row's reader,
 * record and time: a row is flagged when a flag names the same three.
 */
public final class EmergencyReadFlags {

    private final EmergencyReadFlagsPort flags;

    public EmergencyReadFlags(EmergencyReadFlagsPort flags) {
        this.flags = flags;
    }

    /** {@code reads} of {@code patient}'s log, in their order, each with its emergency window if it has one. */
    public Mono<List<AuditedRead>> of(EthAddress patient, List<LoggedRead> reads) {
        List<ReadEntry> flaggable = reads.stream().filter(EmergencyReadFlags::mayBeFlagged).map(LoggedRead::entry)
                .toList();
        if (flaggable.isEmpty()) {
            return Mono.just(reads.stream().map(read -> new AuditedRead(read, Optional.empty())).toList());
        }
        Instant from = flaggable.stream().map(ReadEntry::at).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = flaggable.stream().map(ReadEntry::at).max(Comparator.naturalOrder()).orElseThrow();
        return flags.between(patient, from, to)
                .collectMap(read -> new Key(read.reader(), read.record(), read.at()), EmergencyRead::flag)
                .map(byKey -> reads.stream().map(flaggedBy(byKey)).toList());
    }

    private static Function<LoggedRead, AuditedRead> flaggedBy(Map<Key, EmergencyFlag> byKey) {
        return read -> new AuditedRead(read, mayBeFlagged(read)
                ? Optional.ofNullable(byKey.get(new Key(read.entry().reader(), read.entry().record(),
                        read.entry().at())))
                : Optional.empty());
    }

    private static boolean mayBeFlagged(LoggedRead read) {
        return read.entry().allowed() && !read.isAggregate();
    }

    private record Key(EthAddress reader, RecordId record, Instant at) {
    }
}
