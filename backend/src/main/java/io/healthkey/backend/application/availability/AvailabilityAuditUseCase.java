package io.healthkey.backend.application.availability;

import java.util.List;

import reactor.core.publisher.Mono;

/** The availability audit: one bounded pass at a time, and what the passes found. */
public interface AvailabilityAuditUseCase extends AvailabilityViewUseCase {

    /** Audits the versions that are due, repairing what it can; completes when the pass is over. */
    Mono<AuditPass> runPass();

    /** Up to {@code limit} versions whose last audit found them nowhere (empty when everything was found). */
    Mono<List<VersionAvailability>> unavailable(int limit);

    /** What one pass did. */
    record AuditPass(int audited, int unavailable, int repaired) {
    }
}
