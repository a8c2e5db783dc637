package io.healthkey.backend.application.record;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Picks the id of a patient's next record version: a serial above the highest this service ever reserved for the
 * patient (its own database), whose id nobody has anchored on chain yet.
 *
 * <p>Security: the starting point is never read from the chain. The registry lets any author with WRITE anchor any
 * serial up to 2^80-1 directly, so a highest serial read from the chain is a value a stranger can push to the top,
 * leaving nothing above it. A foreign anchor takes only the id it names: when the next id is taken, the allocator
 * probes further, probe {@code i} at a random distance below 16^i, so an author cannot know in advance which ids to
 * take, and a run of foreign anchors just above ours delays a reservation only while it is wider than the probes
 * reach (2^44 serials). The reservation a probe finds moves this service's highest serial past that run for good.
 */
final class RecordIdAllocator {

    static final int PROBES = 12;
    private static final int SPREAD_BITS_PER_PROBE = 4;
    private static final BigInteger MAX_SERIAL = BigInteger.TWO.pow(80).subtract(BigInteger.ONE);

    private final RecordRegistryPort chain;
    private final RecordRepositoryPort records;
    private final RandomGenerator random;

    /** {@code random} spreads the probes; it must be unpredictable to authors (a {@code SecureRandom}). */
    RecordIdAllocator(RecordRegistryPort chain, RecordRepositoryPort records, RandomGenerator random) {
        this.chain = chain;
        this.records = records;
        this.random = random;
    }

    /**
     * A free id of {@code patient}'s {@code category}: the serial after this service's highest reservation when it is
     * free, else the first free one of the probes; empty when every probe hit an anchored id. Reserves nothing.
     */
    Mono<RecordId> nextFree(EthAddress patient, Category category) {
        return records.highestSerial(patient).flatMap(highest -> Flux.range(0, PROBES)
                .map(probe -> highest.add(BigInteger.ONE).add(distance(probe)))
                .filter(serial -> serial.compareTo(MAX_SERIAL) <= 0)
                .map(serial -> RecordId.of(patient, category, serial))
                .concatMap(id -> chain.isAnchored(id).filter(anchored -> !anchored).map(free -> id), 1)
                .next());
    }

    private BigInteger distance(int probe) {
        return probe == 0 ? BigInteger.ZERO
                : BigInteger.valueOf(random.nextLong(1, 1L << (SPREAD_BITS_PER_PROBE * probe)));
    }
}
