package io.healthkey.backend.application.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.index.IndexedBlock;

class ChainTimeTest {

    private static final Instant WALL = Instant.parse("2026-12-07T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(WALL, ZoneOffset.UTC);

    @Test
    void beforeAnyBlockIsIndexedItIsThisMachinesClock() {
        assertThat(ChainTime.laterOf(CLOCK, Optional::empty).now()).isEqualTo(WALL);
    }

    @Test
    void aNewestBlockBehindTheClockLeavesTheClock() {
        assertThat(ChainTime.laterOf(CLOCK, () -> Optional.of(block(WALL.minusSeconds(12)))).now()).isEqualTo(WALL);
    }

    @Test
    void aChainAheadOfTheClockIsAtLeastAtItsNewestBlock() {
        Instant ahead = WALL.plusSeconds(16 * 60);
        assertThat(ChainTime.laterOf(CLOCK, () -> Optional.of(block(ahead))).now()).isEqualTo(ahead);
    }

    private static IndexedBlock block(Instant time) {
        return new IndexedBlock(7, "0x" + "11".repeat(32), "0x" + "22".repeat(32), time.getEpochSecond());
    }
}
