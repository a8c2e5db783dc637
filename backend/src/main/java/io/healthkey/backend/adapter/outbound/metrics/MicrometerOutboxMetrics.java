package io.healthkey.backend.adapter.outbound.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.healthkey.backend.application.outbox.OutboxMetricsPort;
import io.healthkey.backend.domain.chain.ChainRequestStatus;

/**
 * The outbox in Micrometer: {@code healthkey.outbox.depth{status}} (requests in each status),
 * {@code healthkey.outbox.confirmation} (time from acceptance to CONFIRMED) and
 * {@code healthkey.outbox.failures{code}} (requests FAILED, by stable error code).
 */
public final class MicrometerOutboxMetrics implements OutboxMetricsPort {

    private final MeterRegistry registry;
    private final Timer confirmation;
    private final Map<ChainRequestStatus, AtomicLong> depth = new EnumMap<>(ChainRequestStatus.class);

    public MicrometerOutboxMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.confirmation = Timer.builder("healthkey.outbox.confirmation")
                .description("Time from a request's acceptance to its confirmation on chain")
                .register(registry);
        for (ChainRequestStatus status : ChainRequestStatus.values()) {
            AtomicLong count = new AtomicLong();
            depth.put(status, count);
            Gauge.builder("healthkey.outbox.depth", count, AtomicLong::get)
                    .description("Chain requests in each status")
                    .tag("status", status.name())
                    .register(registry);
        }
    }

    @Override
    public void confirmed(Duration sinceAccepted) {
        confirmation.record(sinceAccepted);
    }

    @Override
    public void failed(String code) {
        Counter.builder("healthkey.outbox.failures").description("Chain requests that failed, by error code")
                .tag("code", code).register(registry).increment();
    }

    /** The latest counts of requests by status. */
    @Override
    public void depth(Map<ChainRequestStatus, Long> counts) {
        counts.forEach((status, count) -> depth.get(status).set(count));
    }
}
