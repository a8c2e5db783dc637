package io.healthkey.backend.adapter.inbound.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.availability.AvailabilityAuditUseCase;
import io.healthkey.backend.application.availability.VersionAvailability;

/**
 * DOWN when the availability audit found a record version nowhere: no replica location holds it, so it cannot be
 * read until a copy is restored from outside. The details (operator only, as every component's) name a few such
 * versions by record id and CID, never who the patient is beyond what the record id already says.
 */
@Component("availability")
class AvailabilityHealthIndicator implements ReactiveHealthIndicator {

    /** Versions named in the details at most. */
    private static final int NAMED = 5;

    private final AvailabilityAuditUseCase audit;

    AvailabilityHealthIndicator(AvailabilityAuditUseCase audit) {
        this.audit = audit;
    }

    @Override
    public Mono<Health> health() {
        return audit.unavailable(NAMED).map(lost -> lost.isEmpty() ? Health.up().build()
                : Health.down()
                        .withDetail("problem", "record versions found at no replica location: restore them from a "
                                + "copy outside HealthKey (ipfs dag import), the audit then copies them everywhere")
                        .withDetail("unavailable", lost.stream().map(AvailabilityHealthIndicator::describe).toList())
                        .build());
    }

    private static String describe(VersionAvailability version) {
        return version.id().toHex() + " " + version.cid();
    }
}
