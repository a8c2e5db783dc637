package io.healthkey.backend.application.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.support.fakes.InMemoryReadLog;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/**
 * A stranger's denied reads are one row per window with a count and first and last time; everything else, and a
 * denied read by a party that holds some grant from the patient, is a row of its own.
 */
class AuditedReadLogTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x1111111111111111111111111111111111111111");
    private static final EthAddress STRANGER = EthAddress.parse("0x2222222222222222222222222222222222222222");
    private static final EthAddress GRANTEE = EthAddress.parse("0x3333333333333333333333333333333333333333");
    private static final Duration WINDOW = Duration.ofMinutes(10);
    /** The start of a window: a multiple of ten minutes since the epoch. */
    private static final Instant WINDOW_START = Instant.parse("2026-12-06T22:40:00Z");

    private final InMemoryReadLog store = new InMemoryReadLog();
    private final Set<EthAddress> holdersOfAGrant = new HashSet<>(Set.of(GRANTEE));
    private final GrantRelationPort relations = (patient, reader) ->
            Mono.just(patient.equals(PATIENT) && holdersOfAGrant.contains(reader));
    private final AuditedReadLog log = new AuditedReadLog(store, relations, WINDOW);

    @Test
    void aStrangersFloodOf300ReadsIn900MillisecondsIsOneRowWithItsCountAndFirstAndLastTime() {
        for (int i = 0; i < 300; i++) {
            log.append(denied(STRANGER, 1 + i % 3, WINDOW_START.plusMillis(3L * i))).block();
        }

        List<LoggedRead> rows = store.rows();
        assertThat(rows).hasSize(1);
        LoggedRead aggregate = rows.get(0);
        assertThat(aggregate.count()).isEqualTo(300);
        assertThat(aggregate.entry().at()).isEqualTo(WINDOW_START);
        assertThat(aggregate.lastAt()).isEqualTo(WINDOW_START.plusMillis(3L * 299));
        assertThat(aggregate.entry().record()).as("the first record asked for").isEqualTo(record(1));
        assertThat(aggregate.windowEnd()).contains(WINDOW_START.plus(WINDOW));
    }

    @Test
    void eachWindowAndEachStrangerHasItsOwnRow() {
        log.append(denied(STRANGER, 1, WINDOW_START.plus(WINDOW).minusMillis(1))).block();
        log.append(denied(STRANGER, 1, WINDOW_START.plus(WINDOW))).block();
        log.append(denied(STRANGER, 1, WINDOW_START.plus(WINDOW).plusSeconds(1))).block();
        EthAddress another = EthAddress.parse("0x4444444444444444444444444444444444444444");
        log.append(denied(another, 1, WINDOW_START.plus(WINDOW).plusSeconds(2))).block();

        assertThat(store.rows()).extracting(LoggedRead::count).containsExactly(1L, 2L, 1L);
        assertThat(store.rows()).extracting(row -> row.windowEnd().orElseThrow())
                .containsExactly(WINDOW_START.plus(WINDOW), WINDOW_START.plus(WINDOW.multipliedBy(2)),
                        WINDOW_START.plus(WINDOW.multipliedBy(2)));
    }

    @Test
    void aDeniedReadByAPartyThatHoldsSomeGrantStaysARowOfItsOwn() {
        for (int i = 0; i < 3; i++) {
            log.append(denied(GRANTEE, 1, WINDOW_START.plusSeconds(i))).block();
        }

        assertThat(store.rows()).hasSize(3).allSatisfy(row -> {
            assertThat(row.isAggregate()).isFalse();
            assertThat(row.count()).isEqualTo(1);
        });
    }

    @Test
    void allowedReadsAreNeverAggregatedNorIsTheRelationAskedForThem() {
        GrantRelationPort neverAsked = (patient, reader) -> Mono.error(new AssertionError("asked"));
        AuditedReadLog allowedOnly = new AuditedReadLog(store, neverAsked, WINDOW);

        allowedOnly.append(allowed(STRANGER, WINDOW_START)).block();
        allowedOnly.append(allowed(STRANGER, WINDOW_START.plusSeconds(1))).block();

        assertThat(store.rows()).hasSize(2).noneMatch(LoggedRead::isAggregate);
    }

    @Test
    void concurrentDeniedReadsOfOneWindowAreAllCounted() {
        Flux.range(0, 200)
                .flatMap(i -> log.append(denied(STRANGER, 1, WINDOW_START.plusSeconds(i)))
                        .subscribeOn(Schedulers.parallel()), 16)
                .blockLast();

        assertThat(store.rows()).singleElement().satisfies(row -> assertThat(row.count()).isEqualTo(200));
    }

    @Test
    void windowsAlignOnMultiplesOfTheirLengthSinceTheEpoch() {
        assertThat(log.windowEnd(WINDOW_START)).isEqualTo(WINDOW_START.plus(WINDOW));
        assertThat(log.windowEnd(WINDOW_START.minusMillis(1))).isEqualTo(WINDOW_START);
        assertThat(log.windowEnd(Instant.EPOCH.minusSeconds(1))).isEqualTo(Instant.EPOCH);
        assertThatThrownBy(() -> new AuditedReadLog(store, relations, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ReadEntry denied(EthAddress reader, long serial, Instant at) {
        return new ReadEntry(record(serial), reader, false, Optional.of("ACCESS-0002"), Optional.of(9L), at);
    }

    private static ReadEntry allowed(EthAddress reader, Instant at) {
        return new ReadEntry(record(1), reader, true, Optional.empty(), Optional.of(9L), at);
    }

    private static RecordId record(long serial) {
        return RecordId.of(PATIENT, Category.OBSERVATION, serial);
    }
}
