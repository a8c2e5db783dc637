package io.healthkey.backend.application.availability;

import java.time.Duration;
import java.util.Objects;

/**
 * The audit's bounds.
 *
 * @param period every anchored version is audited again once this long has passed since its last audit
 * @param versionsPerPass the most versions one pass audits: with passes every {@code interval}, the audit keeps to the
 *        period while {@code versionsPerPass * period / interval} is at least the number of anchored versions
 * @param concurrentChecks the most calls to locations outstanding at once during a pass
 * @param callTimeout how long one call to a location (a status, a sampled read) may take
 * @param repairTimeout how long copying one version to a location may take (the primary store reads and adds it all)
 */
public record AuditSettings(Duration period, int versionsPerPass, int concurrentChecks, Duration callTimeout,
        Duration repairTimeout) {

    public AuditSettings {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(repairTimeout, "repairTimeout");
        if (versionsPerPass < 1 || concurrentChecks < 1) {
            throw new IllegalArgumentException("versionsPerPass and concurrentChecks must be positive");
        }
    }
}
