package io.healthkey.backend.application.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.application.availability.VersionAvailability;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.EthAddress;

/**
 * A record version, the readers whose wrapped key this service keeps for it, and what the last availability audit
 * found for it (absent until audited).
 */
public record AuditedRecord(RecordVersion version, List<EthAddress> readers, Optional<VersionAvailability> availability) {

    public AuditedRecord {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(availability, "availability");
        readers = List.copyOf(readers);
    }

    /** Whether the last availability audit found this version at no replica location. */
    public boolean unavailable() {
        return availability.map(found -> !found.available()).orElse(false);
    }
}
