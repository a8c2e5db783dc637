package io.healthkey.backend.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.healthkey.backend.domain.record.RecordLimits;

/**
 * Record uploads.
 *
 * @param maxSize the largest record accepted, ciphertext or gateway plaintext; larger answers 413
 * @param maxFhirSize the largest FHIR JSON the gateway validates (held in memory while validated)
 * @param reservationTtl how long a reserved record id waits for its ciphertext
 * @param abandonedPartsSweep how often the parts of expired or used reservations are unpinned and forgotten
 *        (multi-part uploads); zero never
 */
@ConfigurationProperties("healthkey.records")
public record RecordProperties(
        @DefaultValue("2GB") DataSize maxSize,
        @DefaultValue("16MB") DataSize maxFhirSize,
        @DefaultValue("1h") Duration reservationTtl,
        @DefaultValue("10m") Duration abandonedPartsSweep) {

    RecordLimits limits() {
        return new RecordLimits(maxSize.toBytes(), Math.toIntExact(maxFhirSize.toBytes()), reservationTtl);
    }
}
