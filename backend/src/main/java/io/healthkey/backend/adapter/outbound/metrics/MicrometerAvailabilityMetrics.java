package io.healthkey.backend.adapter.outbound.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.healthkey.backend.application.availability.AvailabilityMetricsPort;

/**
 * The availability audit in Micrometer, each counter tagged with the replica location ({@code primary} or a pinning
 * service's name): {@code healthkey.availability.checked} (versions checked there),
 * {@code healthkey.availability.missing} (found missing there) and {@code healthkey.availability.repaired} (copied
 * there again).
 */
public final class MicrometerAvailabilityMetrics implements AvailabilityMetricsPort {

    private final MeterRegistry registry;

    public MicrometerAvailabilityMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void checked(String location) {
        count("healthkey.availability.checked", "Record versions the availability audit checked", location);
    }

    @Override
    public void missing(String location) {
        count("healthkey.availability.missing", "Record versions found missing or corrupt", location);
    }

    @Override
    public void repaired(String location) {
        count("healthkey.availability.repaired", "Record versions copied again from a healthy copy", location);
    }

    private void count(String name, String description, String location) {
        Counter.builder(name).description(description).tag("location", location).register(registry).increment();
    }
}
