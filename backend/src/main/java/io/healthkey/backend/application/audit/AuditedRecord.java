package io.healthkey.backend.application.audit;

import java.util.List;
import java.util.Objects;

import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.EthAddress;

/** A record version and the readers whose wrapped key this service keeps for it. */
public record AuditedRecord(RecordVersion version, List<EthAddress> readers) {

    public AuditedRecord {
        Objects.requireNonNull(version, "version");
        readers = List.copyOf(readers);
    }
}
