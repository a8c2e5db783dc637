package io.healthkey.backend.config;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import io.healthkey.backend.adapter.inbound.schedule.FixedDelaySchedule;
import io.healthkey.backend.adapter.outbound.ipfs.ContentStoreLocation;
import io.healthkey.backend.adapter.outbound.ipfs.KuboSwarmAddresses;
import io.healthkey.backend.adapter.outbound.metrics.MicrometerAvailabilityMetrics;
import io.healthkey.backend.adapter.outbound.pinning.PinningProperties;
import io.healthkey.backend.adapter.outbound.pinning.PinningServices;
import io.healthkey.backend.application.availability.AvailabilityAuditService;
import io.healthkey.backend.application.availability.AvailabilityStorePort;
import io.healthkey.backend.application.availability.ReplicaLocations;
import io.healthkey.backend.application.availability.UploadReplication;
import io.healthkey.backend.application.record.ContentStorePort;

/**
 * Replicas and the availability audit: the primary content store and the configured pinning services as replica
 * locations, the copies asked for after each upload, the audit and its schedule. A further kind of location (an IPFS
 * Cluster as primary store needs nothing here: it is the {@link ContentStorePort}) is added to
 * {@link #replicaLocations}'s remotes.
 */
@Configuration(proxyBeanMethods = false)
class AvailabilityConfiguration {

    /** The primary store's location name, the {@code location} tag of its metrics. */
    static final String PRIMARY = "primary";

    @Bean
    ReplicaLocations replicaLocations(ContentStorePort content, PinningProperties pinning, WebClient.Builder builder,
            KuboSwarmAddresses kubo) {
        return new ReplicaLocations(new ContentStoreLocation(PRIMARY, content),
                PinningServices.locations(pinning, builder, kubo::loopback));
    }

    @Bean
    UploadReplication uploadReplication(ReplicaLocations locations, PinningProperties pinning) {
        return new UploadReplication(locations, pinning.uploadsInFlight(), pinning.timeout());
    }

    @Bean
    AvailabilityAuditService availabilityAudit(ReplicaLocations locations, AvailabilityStorePort store,
            MeterRegistry meters, AvailabilityProperties properties, Clock clock) {
        return new AvailabilityAuditService(locations, store, new MicrometerAvailabilityMetrics(meters),
                properties.settings(), clock);
    }

    /** A pass that outlives its bound is cancelled: what it audited so far is saved, the rest is due next pass. */
    @Bean
    FixedDelaySchedule availabilityAuditSchedule(AvailabilityAuditService audit, AvailabilityProperties properties) {
        Duration bound = properties.repairTimeout().plus(properties.callTimeout().multipliedBy(4L
                * properties.versionsPerPass()));
        return new FixedDelaySchedule("availability-audit", () -> audit.runPass().timeout(bound),
                properties.interval());
    }
}
