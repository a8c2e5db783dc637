package io.healthkey.backend.application.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.support.Records;
import io.healthkey.backend.support.fakes.FakeReplicaLocation;
import io.healthkey.protocol.content.Cid;

class UploadReplicationTest {

    private final FakeReplicaLocation primary = new FakeReplicaLocation("primary");
    private final FakeReplicaLocation serviceA = new FakeReplicaLocation("service-a");
    private final FakeReplicaLocation serviceB = new FakeReplicaLocation("service-b");
    private final Cid first = Records.rawCid("first upload");
    private final Cid second = Records.rawCid("second upload");

    @Test
    void asksEveryServiceToCopyANewUploadFromThePrimary() {
        primary.holding(first);
        new UploadReplication(new ReplicaLocations(primary, List.of(serviceA, serviceB)), 4, Duration.ofSeconds(1))
                .replicate(first);

        assertThat(within(Duration.ofSeconds(5), () -> serviceA.copies.contains(first)
                && serviceB.copies.contains(first))).isTrue();
    }

    @Test
    void returnsAtOnceAndSwallowsTheFailureOfAServiceThatIsDownOrSlow() {
        primary.holding(first);
        serviceA.down = true;
        serviceB.delay = Duration.ofSeconds(30);
        UploadReplication replication = new UploadReplication(new ReplicaLocations(primary,
                List.of(serviceA, serviceB)), 4, Duration.ofMillis(200));

        long start = System.nanoTime();
        replication.replicate(first);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(within(Duration.ofMillis(500), () -> !serviceA.copies.isEmpty() || !serviceB.copies.isEmpty()))
                .isFalse();
    }

    @Test
    void leavesAnUploadToTheAuditWhenEverySlotIsTakenInsteadOfQueueingIt() {
        primary.holding(first, second);
        serviceA.delay = Duration.ofMillis(300);
        UploadReplication replication = new UploadReplication(new ReplicaLocations(primary, List.of(serviceA)), 1,
                Duration.ofSeconds(2));

        replication.replicate(first);
        replication.replicate(second);

        assertThat(within(Duration.ofSeconds(5), () -> serviceA.copies.contains(first))).isTrue();
        assertThat(serviceA.copies).containsExactly(first);
        replication.replicate(second);
        assertThat(within(Duration.ofSeconds(5), () -> serviceA.copies.contains(second))).isTrue();
    }

    /** Whether {@code condition} holds within {@code bound}, polled. */
    private static boolean within(Duration bound, BooleanSupplier condition) {
        long end = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
