package io.healthkey.backend.adapter.inbound.web.limit;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import io.healthkey.protocol.EthAddress;

/**
 * Token buckets (Bucket4j) per class of call, one per client address and one per signed-in account, held in this
 * process's memory. The memory is bounded: a bucket left alone for its class's period is full again, so it is
 * dropped then (Caffeine, expiry after access) and recreated full if the key comes back, which changes no answer;
 * and at most {@code maxTrackedKeys} keys are kept per class and kind of key, the least recently used forgotten first.
 *
 * <p>One instance limits what reaches it only: behind a load balancer, N replicas allow N times the configured rates.
 * A shared limit needs a distributed Bucket4j proxy manager (docs/OPERATIONS.md) in place of the two maps here.
 */
final class RateLimiter {

    private final Map<CallClass, Limits> limits = new EnumMap<>(CallClass.class);

    /** @param time the clock of the buckets and of their expiry (nanoseconds, not wall-clock based) */
    RateLimiter(RateLimitProperties properties, TimeMeter time) {
        for (CallClass callClass : CallClass.values()) {
            limits.put(callClass, new Limits(properties.allowance(callClass), properties.maxTrackedKeys(), time));
        }
    }

    /** Takes one call of {@code callClass} from the client's allowance; empty if it had one, else the wait. */
    Optional<Duration> takeForClient(CallClass callClass, String clientKey) {
        return limits.get(callClass).perAddress.tryTake(clientKey);
    }

    /** Takes one call of {@code callClass} from the account's allowance; empty if it had one, else the wait. */
    Optional<Duration> takeForAccount(CallClass callClass, EthAddress account) {
        return limits.get(callClass).perAccount.tryTake(account.toString());
    }

    /** How many buckets are held now, over every class: what the memory bound is about. */
    long trackedBuckets() {
        return limits.values().stream()
                .mapToLong(classLimits -> classLimits.perAddress.size() + classLimits.perAccount.size())
                .sum();
    }

    private record Limits(Buckets perAddress, Buckets perAccount) {

        Limits(Allowance allowance, int maxKeys, TimeMeter time) {
            this(new Buckets(allowance.perAddress(), allowance.period(), maxKeys, time),
                    new Buckets(allowance.perAccount(), allowance.period(), maxKeys, time));
        }
    }

    /** The buckets of one class and kind of key; with a capacity of 0, no limit and no buckets. */
    private static final class Buckets {

        private final long capacity;
        private final Duration period;
        private final TimeMeter time;
        private final Cache<String, Bucket> byKey;

        Buckets(long capacity, Duration period, int maxKeys, TimeMeter time) {
            this.capacity = capacity;
            this.period = period;
            this.time = time;
            Ticker ticker = time::currentTimeNanos;
            this.byKey = Caffeine.newBuilder()
                    .expireAfterAccess(period)
                    .maximumSize(maxKeys)
                    .ticker(ticker)
                    .executor(Runnable::run)
                    .build();
        }

        Optional<Duration> tryTake(String key) {
            if (capacity == 0) {
                return Optional.empty();
            }
            ConsumptionProbe probe = byKey.get(key, ignored -> newBucket()).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }

        long size() {
            byKey.cleanUp();
            return byKey.estimatedSize();
        }

        private Bucket newBucket() {
            return Bucket.builder()
                    .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
                    .withCustomTimePrecision(time)
                    .build();
        }
    }
}
