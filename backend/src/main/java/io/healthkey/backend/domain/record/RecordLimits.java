package io.healthkey.backend.domain.record;

import java.time.Duration;
import java.util.Objects;

/**
 * How large records may be and how long a reservation waits for its upload.
 *
 * @param maxRecordBytes the largest ciphertext (client uploads) or plaintext (gateway binaries) accepted
 * @param maxFhirBytes the largest FHIR JSON the gateway validates; it is held in memory to validate
 */
public record RecordLimits(long maxRecordBytes, int maxFhirBytes, Duration reservationTtl) {

    public RecordLimits {
        if (maxRecordBytes <= 0 || maxFhirBytes <= 0) {
            throw new IllegalArgumentException("size limits must be positive");
        }
        Objects.requireNonNull(reservationTtl, "reservationTtl");
        if (reservationTtl.isNegative() || reservationTtl.isZero()) {
            throw new IllegalArgumentException("reservation time to live must be positive");
        }
    }
}
