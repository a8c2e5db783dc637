package io.healthkey.backend.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.healthkey.backend.application.availability.AuditSettings;

/**
 * The availability audit (docs/OPERATIONS.md, "Replicas and availability audits").
 *
 * @param interval the delay between two passes; {@code 0} turns the audit off
 * @param period every anchored version is audited again once this long has passed since its last audit
 * @param versionsPerPass the most versions one pass audits
 * @param concurrentChecks the most calls to replica locations outstanding at once
 * @param callTimeout how long one call to a location may take
 * @param repairTimeout how long copying one version to a location may take
 */
@ConfigurationProperties("healthkey.availability")
public record AvailabilityProperties(
        @DefaultValue("1m") Duration interval,
        @DefaultValue("24h") Duration period,
        @DefaultValue("20") int versionsPerPass,
        @DefaultValue("2") int concurrentChecks,
        @DefaultValue("10s") Duration callTimeout,
        @DefaultValue("5m") Duration repairTimeout) {

    AuditSettings settings() {
        return new AuditSettings(period, versionsPerPass, concurrentChecks, callTimeout, repairTimeout);
    }
}
