package io.healthkey.backend.application.chainidentity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.network.ChainFingerprint;
import io.healthkey.backend.support.MutableClock;

/**
 * The database remembers the chain it met first (chain id, hash of the start block); a node serving another chain,
 * such as a dev chain started afresh, is told apart and reported with what to do.
 */
class ChainIdentityServiceTest {

    private static final long START = 5;
    private static final Duration RECHECK = Duration.ofSeconds(5);
    private static final String HASH_A = "0x" + "aa".repeat(32);
    private static final String HASH_B = "0x" + "bb".repeat(32);

    private final InMemoryFingerprint database = new InMemoryFingerprint();
    private final FakeChain chain = new FakeChain();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final ChainIdentityService identity = new ChainIdentityService(database, chain, START, RECHECK, clock);

    @Test
    void anEmptyDatabaseRecordsTheChainItMeetsFirstAndThenKnowsIt() {
        chain.has(31337, START, HASH_A);

        assertThat(identity.isSameChain().block()).isTrue();

        assertThat(database.recorded().block()).isEqualTo(new ChainFingerprint(31337, START, HASH_A));
        assertThat(identity.verdict().state()).isEqualTo(ChainIdentityVerdict.State.SAME);
        assertThat(identity.verdict().problem()).isEmpty();
    }

    @Test
    void aChainStartedAfreshWithTheSameIdIsAnotherChainAndTheVerdictSaysWhatToDo() {
        database.recordIfAbsent(new ChainFingerprint(31337, START, HASH_A)).block();
        chain.has(31337, START, HASH_B);

        assertThat(identity.isSameChain().block()).isFalse();

        assertThat(identity.verdict().state()).isEqualTo(ChainIdentityVerdict.State.OTHER);
        assertThat(identity.verdict().problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains(HASH_A, HASH_B, "scripts/run.sh", "fresh database", "Nothing is relayed or indexed"));
        assertThat(database.recorded().block().blockHash()).isEqualTo(HASH_A);
    }

    @Test
    void aChainThatHasNotReachedTheRecordedBlockIsAnotherChain() {
        database.recordIfAbsent(new ChainFingerprint(31337, START, HASH_A)).block();

        assertThat(identity.isSameChain().block()).isFalse();
        assertThat(identity.verdict().problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("has no block " + START));
    }

    @Test
    void anotherChainIdIsAnotherChain() {
        database.recordIfAbsent(new ChainFingerprint(31337, START, HASH_A)).block();
        chain.has(11155111, START, HASH_A);

        assertThat(identity.isSameChain().block()).isFalse();
        assertThat(identity.verdict().problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("chain id 11155111", "chain id 31337"));
    }

    @Test
    void aNodeThatDoesNotAnswerLeavesTheVerdictUnknownAndLetsNothingThroughThenIsAskedAgainAtOnce() {
        chain.failing = true;
        assertThat(identity.isSameChain().block()).isFalse();
        assertThat(identity.verdict().state()).isEqualTo(ChainIdentityVerdict.State.UNKNOWN);

        chain.failing = false;
        chain.has(31337, START, HASH_A);
        assertThat(identity.isSameChain().block()).isTrue();
    }

    @Test
    void aChainResetWhileRunningIsNoticedWithinTheRecheckInterval() {
        chain.has(31337, START, HASH_A);
        assertThat(identity.isSameChain().block()).isTrue();

        chain.has(31337, START, HASH_B);
        assertThat(identity.isSameChain().block()).as("within the interval: the last verdict").isTrue();
        clock.now = clock.now.plus(RECHECK);
        assertThat(identity.isSameChain().block()).isFalse();
    }

    private static final class InMemoryFingerprint implements ChainFingerprintPort {

        private final AtomicReference<ChainFingerprint> row = new AtomicReference<>();

        @Override
        public Mono<ChainFingerprint> recorded() {
            return Mono.justOrEmpty(row.get());
        }

        @Override
        public Mono<ChainFingerprint> recordIfAbsent(ChainFingerprint fingerprint) {
            return Mono.fromSupplier(() -> {
                row.compareAndSet(null, fingerprint);
                return row.get();
            });
        }
    }

    private static final class FakeChain implements ChainFingerprintSourcePort {

        private final Map<Long, ChainFingerprint> blocks = new HashMap<>();
        private volatile boolean failing;

        void has(long chainId, long number, String hash) {
            blocks.put(number, new ChainFingerprint(chainId, number, hash));
        }

        @Override
        public Mono<ChainFingerprint> fingerprintAt(long blockNumber) {
            return failing ? Mono.error(new java.io.IOException("connection refused"))
                    : Mono.justOrEmpty(blocks.get(blockNumber));
        }
    }
}
