package io.healthkey.backend.application.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.application.availability.AvailabilityAuditUseCase.AuditPass;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.Records;
import io.healthkey.backend.support.fakes.FakeReplicaLocation;
import io.healthkey.backend.support.fakes.InMemoryAvailabilityStore;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

class AvailabilityAuditServiceTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x00000000000000000000000000000000000000a1");
    private static final Duration PERIOD = Duration.ofHours(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
    private final FakeReplicaLocation primary = new FakeReplicaLocation("primary");
    private final FakeReplicaLocation service = new FakeReplicaLocation("service-a");
    private final InMemoryAvailabilityStore store = new InMemoryAvailabilityStore();
    private final CountingMetrics metrics = new CountingMetrics();

    private AvailabilityAuditService audit(int versionsPerPass, int concurrentChecks) {
        return new AvailabilityAuditService(new ReplicaLocations(primary, List.of(service)), store, metrics,
                new AuditSettings(PERIOD, versionsPerPass, concurrentChecks, Duration.ofMillis(500),
                        Duration.ofSeconds(1)), clock);
    }

    private AuditedVersion anchored(int serial) {
        AuditedVersion version = new AuditedVersion(RecordId.of(PATIENT, Category.OBSERVATION, serial),
                Records.rawCid("version " + serial));
        store.anchored(version);
        return version;
    }

    @Test
    void copiesAVersionThePrimaryLostBackFromAService() {
        AuditedVersion version = anchored(1);
        service.holding(version.cid());

        AuditPass pass = audit(10, 2).runPass().block();

        assertThat(primary.copies).containsExactly(version.cid());
        assertThat(pass).isEqualTo(new AuditPass(1, 0, 1));
        assertThat(store.result(version.id()).orElseThrow().locations())
                .containsEntry("primary", PinState.PINNED).containsEntry("service-a", PinState.PINNED);
        assertThat(metrics.missing).containsEntry("primary", 1);
        assertThat(metrics.repaired).containsEntry("primary", 1).doesNotContainKey("service-a");
    }

    @Test
    void pinsAgainAtAServiceThatSaysPinnedButLostTheBlocks() {
        AuditedVersion version = anchored(1);
        primary.holding(version.cid());
        service.holding(version.cid());
        service.loseBlocksOf(version.cid());

        AuditPass pass = audit(10, 2).runPass().block();

        assertThat(service.copies).containsExactly(version.cid());
        assertThat(pass.repaired()).isEqualTo(1);
        assertThat(metrics.missing).containsEntry("service-a", 1).doesNotContainKey("primary");
        assertThat(store.result(version.id()).orElseThrow().replicas()).isEqualTo(2);
    }

    @Test
    void pinsAgainAtAServiceThatForgotTheVersion() {
        AuditedVersion version = anchored(1);
        primary.holding(version.cid());

        audit(10, 2).runPass().block();

        assertThat(service.state(version.cid())).isEqualTo(PinState.PINNED);
        assertThat(metrics.repaired).containsEntry("service-a", 1);
    }

    @Test
    void reportsAVersionFoundNowhereAsUnavailable() {
        AuditedVersion lost = anchored(1);
        AuditedVersion kept = anchored(2);
        primary.holding(kept.cid());
        service.holding(kept.cid());
        AvailabilityAuditService audit = audit(10, 2);

        AuditPass pass = audit.runPass().block();

        assertThat(pass).isEqualTo(new AuditPass(2, 1, 0));
        assertThat(audit.unavailable(10).block()).extracting(VersionAvailability::id).containsExactly(lost.id());
        Map<RecordId, VersionAvailability> view = audit.availability(List.of(lost.id(), kept.id())).block();
        assertThat(view.get(lost.id()).available()).isFalse();
        assertThat(view.get(lost.id()).replicas()).isZero();
        assertThat(view.get(kept.id()).available()).isTrue();
        assertThat(primary.copies).isEmpty();
        assertThat(service.copies).isEmpty();
    }

    @Test
    void countsAServiceThatIsDownAsUnreachableNotMissing() {
        AuditedVersion version = anchored(1);
        primary.holding(version.cid());
        service.down = true;
        AvailabilityAuditService audit = audit(10, 2);

        audit.runPass().block();

        VersionAvailability result = store.result(version.id()).orElseThrow();
        assertThat(result.locations()).containsEntry("service-a", PinState.UNREACHABLE);
        assertThat(result.replicas()).isEqualTo(1);
        assertThat(result.available()).isTrue();
        assertThat(metrics.missing).isEmpty();
        assertThat(service.copies).isEmpty();
        assertThat(audit.unavailable(10).block()).isEmpty();
    }

    @Test
    void countsAServiceSlowerThanTheTimeoutAsUnreachable() {
        AuditedVersion version = anchored(1);
        primary.holding(version.cid());
        service.holding(version.cid());
        service.delay = Duration.ofSeconds(5);

        audit(10, 2).runPass().block(Duration.ofSeconds(4));

        assertThat(store.result(version.id()).orElseThrow().locations())
                .containsEntry("service-a", PinState.UNREACHABLE);
        assertThat(metrics.missing).isEmpty();
    }

    @Test
    void auditsEveryVersionWithinThePeriodAndNotBeforeItIsDueAgain() {
        List<AuditedVersion> versions = IntStream.rangeClosed(1, 10).mapToObj(this::anchored).toList();
        versions.forEach(version -> primary.holding(version.cid()));
        versions.forEach(version -> service.holding(version.cid()));
        AvailabilityAuditService audit = audit(3, 2);
        Map<RecordId, List<Instant>> audits = new HashMap<>();

        Instant start = clock.now;
        while (clock.now.isBefore(start.plus(PERIOD.multipliedBy(3)))) {
            int before = store.saved.size();
            audit.runPass().block();
            store.saved.subList(before, store.saved.size()).forEach(result ->
                    audits.computeIfAbsent(result.id(), id -> new ArrayList<>()).add(result.checkedAt()));
            clock.now = clock.now.plus(Duration.ofMinutes(15));
        }

        assertThat(audits).hasSize(versions.size());
        for (List<Instant> times : audits.values()) {
            assertThat(times.get(0)).isBefore(start.plus(PERIOD));
            for (int i = 1; i < times.size(); i++) {
                Duration gap = Duration.between(times.get(i - 1), times.get(i));
                assertThat(gap).isGreaterThanOrEqualTo(PERIOD).isLessThanOrEqualTo(PERIOD.plusMinutes(30));
            }
        }
    }

    @Test
    void keepsAPassWithinItsBudgetOfOutstandingCalls() {
        FakeReplicaLocation.CallCounter calls = new FakeReplicaLocation.CallCounter();
        FakeReplicaLocation slowPrimary = new FakeReplicaLocation("primary", calls);
        FakeReplicaLocation slowService = new FakeReplicaLocation("service-a", calls);
        List<AuditedVersion> versions = IntStream.rangeClosed(1, 12).mapToObj(this::anchored).toList();
        versions.forEach(version -> slowPrimary.holding(version.cid()));
        versions.stream().skip(6).forEach(version -> slowService.holding(version.cid()));
        slowPrimary.delay = Duration.ofMillis(20);
        slowService.delay = Duration.ofMillis(20);
        AvailabilityAuditService audit = new AvailabilityAuditService(
                new ReplicaLocations(slowPrimary, List.of(slowService)), store, metrics,
                new AuditSettings(PERIOD, 8, 3, Duration.ofSeconds(1), Duration.ofSeconds(1)), clock);

        AuditPass pass = audit.runPass().block();

        assertThat(pass.audited()).isEqualTo(8);
        assertThat(pass.repaired()).isEqualTo(6);
        assertThat(calls.most()).isEqualTo(3);
    }

    private static final class CountingMetrics implements AvailabilityMetricsPort {
        final Map<String, Integer> checked = new HashMap<>();
        final Map<String, Integer> missing = new HashMap<>();
        final Map<String, Integer> repaired = new HashMap<>();

        @Override
        public synchronized void checked(String location) {
            checked.merge(location, 1, Integer::sum);
        }

        @Override
        public synchronized void missing(String location) {
            missing.merge(location, 1, Integer::sum);
        }

        @Override
        public synchronized void repaired(String location) {
            repaired.merge(location, 1, Integer::sum);
        }
    }
}
