package io.healthkey.backend.application.index;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import io.healthkey.backend.domain.index.IndexedBlock;

/**
 * The time a contract measures with: windows and periods that end at a block time ({@code until} of an emergency
 * window, of a request's approval period) are compared with this, never with this machine's clock alone. A chain's
 * block times may run ahead of our clock (a dev chain moved by {@code evm_increaseTime}, a validator's clock a few
 * seconds fast); the newest indexed block's time is the least the chain's own "now" can be.
 */
@FunctionalInterface
public interface ChainTime {

    Instant now();

    /** The later of {@code clock} and the time of the newest block {@code indexer} has followed. */
    static ChainTime following(EventIndexer indexer, Clock clock) {
        return laterOf(clock, () -> indexer.status().cursor());
    }

    /** The later of {@code clock} and the time of {@code newestBlock}, when there is one. */
    static ChainTime laterOf(Clock clock, Supplier<Optional<IndexedBlock>> newestBlock) {
        return () -> {
            Instant wall = clock.instant();
            return newestBlock.get().map(block -> Instant.ofEpochSecond(block.time()))
                    .filter(blockTime -> blockTime.isAfter(wall)).orElse(wall);
        };
    }
}
