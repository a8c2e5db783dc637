package io.healthkey.backend.adapter.inbound.web.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import io.healthkey.protocol.EthAddress;

/** Token buckets per class and key: the allowance, its steady refill, keys apart, and bounded memory. */
class RateLimiterTest {

    private static final EthAddress PATIENT = EthAddress.parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    private static final EthAddress OTHER = EthAddress.parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final String CLIENT = "203.0.113.9";

    private final ManualTime time = new ManualTime();

    @Test
    void allowsTheAllowanceThenAnswersTheWaitUntilOneCallCameBack() {
        RateLimiter limiter = limiter(new RateLimitProperties.Setting(3, 2, Duration.ofMinutes(1)), 100);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT)).isEmpty();
        }
        assertThat(limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT)).contains(Duration.ofSeconds(20));

        time.advance(Duration.ofSeconds(20));
        assertThat(limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT)).isEmpty();
        assertThat(limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT)).isPresent();
    }

    @Test
    void keysAndClassesAreCountedApart() {
        RateLimiter limiter = limiter(new RateLimitProperties.Setting(1, 1, Duration.ofMinutes(1)), 100);

        assertThat(limiter.takeForAccount(CallClass.RELAYED_WRITE, PATIENT)).isEmpty();
        assertThat(limiter.takeForAccount(CallClass.RELAYED_WRITE, PATIENT)).isPresent();
        assertThat(limiter.takeForAccount(CallClass.RELAYED_WRITE, OTHER)).isEmpty();
        assertThat(limiter.takeForAccount(CallClass.READ, PATIENT)).as("the read class's default allowance")
                .isEmpty();
        assertThat(limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT)).isEmpty();
        assertThat(limiter.takeForClient(CallClass.RELAYED_WRITE, "198.51.100.1")).isEmpty();
    }

    @Test
    void zeroMeansNoLimitAndHoldsNoBucket() {
        RateLimiter limiter = limiter(new RateLimitProperties.Setting(0, 0, Duration.ofMinutes(1)), 100);
        long before = limiter.trackedBuckets();

        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT)).isEmpty();
        }
        assertThat(limiter.trackedBuckets()).isEqualTo(before);
    }

    @Test
    void aBucketLeftAloneForItsPeriodIsDroppedAndComesBackFull() {
        RateLimiter limiter = limiter(new RateLimitProperties.Setting(2, 2, Duration.ofMinutes(1)), 100);
        limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT);
        limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT);
        assertThat(limiter.trackedBuckets()).isEqualTo(1);

        time.advance(Duration.ofMinutes(1).plusNanos(1));

        assertThat(limiter.trackedBuckets()).isZero();
        assertThat(limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT)).isEmpty();
        assertThat(limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT)).isEmpty();
        assertThat(limiter.takeForClient(CallClass.RELAYED_WRITE, CLIENT)).isPresent();
    }

    @Test
    void anAddressSprayHoldsNoMoreThanTheBoundOfBuckets() {
        RateLimiter limiter = limiter(new RateLimitProperties.Setting(5, 5, Duration.ofHours(1)), 50);

        for (int i = 0; i < 2_000; i++) {
            limiter.takeForClient(CallClass.RELAYED_WRITE, "key-" + i);
        }

        assertThat(limiter.trackedBuckets()).isLessThanOrEqualTo(50);
    }

    private RateLimiter limiter(RateLimitProperties.Setting relayedWrites, int maxTrackedKeys) {
        return new RateLimiter(new RateLimitProperties(true, null, null, relayedWrites, List.of(), maxTrackedKeys),
                time);
    }

    /** A clock the test moves: the buckets' refill and Caffeine's expiry both read it. */
    private static final class ManualTime implements TimeMeter {

        private long nanos = Duration.ofDays(1).toNanos();

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
