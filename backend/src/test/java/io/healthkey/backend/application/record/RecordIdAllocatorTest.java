package io.healthkey.backend.application.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.test.StepVerifier;

import io.healthkey.backend.domain.record.MediaTypes;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/** Which id a new reservation gets when other authors anchor ids of the same patient directly on chain. */
class RecordIdAllocatorTest {

    private static final BigInteger LARGEST_SERIAL = BigInteger.TWO.pow(80).subtract(BigInteger.ONE);

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final EthAddress patient = stack.patient.address();

    @Test
    void takesTheSerialAfterItsOwnHighestReservationWhateverTheChainsHighestSerial() {
        reserved(41);
        stack.registry.anchoredElsewhere(patient, Category.OBSERVATION, LARGEST_SERIAL, LARGEST_SERIAL);

        StepVerifier.create(allocator(1).nextFree(patient, Category.OBSERVATION))
                .expectNext(RecordId.of(patient, Category.OBSERVATION, 42))
                .verifyComplete();
        assertThat(stack.registry.anchorQueries()).isOne();
    }

    @Test
    void jumpsAWallOfForeignAnchorsJustAboveItsHighestReservationToAFreeIdBeyondIt() {
        reserved(5);
        BigInteger wallEnd = BigInteger.valueOf(100_000);
        stack.registry.anchoredElsewhere(patient, Category.OBSERVATION, BigInteger.valueOf(6), wallEnd);

        for (long seed = 0; seed < 50; seed++) {
            RecordId id = allocator(seed).nextFree(patient, Category.OBSERVATION).block();

            assertThat(id).as("seed %d", seed).isNotNull();
            assertThat(id.serial()).as("seed %d", seed).isGreaterThan(wallEnd);
            assertThat(stack.registry.isAnchored(id).block()).isFalse();
        }
    }

    @Test
    void spreadsItsProbesSoThatTheIdsItTriesCannotBeTakenInAdvance() {
        reserved(5);
        stack.registry.anchoredElsewhere(patient, Category.OBSERVATION, BigInteger.valueOf(6), BigInteger.valueOf(6));

        Set<RecordId> chosen = LongStream.range(0, 50)
                .mapToObj(seed -> allocator(seed).nextFree(patient, Category.OBSERVATION).block())
                .collect(Collectors.toSet());

        assertThat(chosen).hasSizeGreaterThan(10)
                .allSatisfy(id -> assertThat(id.serial()).isBetween(BigInteger.valueOf(7), BigInteger.valueOf(21)));
    }

    @Test
    void answersEmptyAfterItsProbesWhenEveryIdAboveItsHighestIsTaken() {
        stack.registry.anchoredElsewhere(patient, Category.OBSERVATION, BigInteger.ONE, LARGEST_SERIAL);

        StepVerifier.create(allocator(1).nextFree(patient, Category.OBSERVATION)).verifyComplete();
        assertThat(stack.registry.anchorQueries()).isEqualTo(RecordIdAllocator.PROBES);
    }

    @Test
    void neverProbesAboveTheLargestSerial() {
        stack.records.add(reservation(RecordId.of(patient, Category.CONDITION, LARGEST_SERIAL.subtract(BigInteger.ONE))));

        StepVerifier.create(allocator(1).nextFree(patient, Category.OBSERVATION))
                .expectNext(RecordId.of(patient, Category.OBSERVATION, LARGEST_SERIAL))
                .verifyComplete();
        stack.registry.anchoredElsewhere(patient, Category.OBSERVATION, LARGEST_SERIAL, LARGEST_SERIAL);
        StepVerifier.create(allocator(1).nextFree(patient, Category.OBSERVATION)).verifyComplete();
    }

    private RecordIdAllocator allocator(long seed) {
        return new RecordIdAllocator(stack.registry, stack.records, new SplittableRandom(seed));
    }

    private void reserved(long serial) {
        stack.records.add(reservation(RecordId.of(patient, Category.CONDITION, serial)));
    }

    private RecordVersion reservation(RecordId id) {
        return new RecordVersion(id, patient, RecordOrigin.CLIENT, RecordStatus.RESERVED, MediaTypes.FHIR_JSON,
                Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), false, RecordStack.NOW,
                RecordStack.NOW.plus(RecordStack.LIMITS.reservationTtl()));
    }
}
