package io.healthkey.backend.domain.record;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/**
 * One attempt to read a record, as the patient sees it in their audit.
 *
 * @param deniedCode the error code the reader got, empty when the read was allowed
 * @param blockNumber the block the access decision was read at, empty when the chain was not asked
 */
public record ReadEntry(RecordId record, EthAddress reader, boolean allowed, Optional<String> deniedCode,
        Optional<Long> blockNumber, Instant at) {

    public ReadEntry {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(deniedCode, "deniedCode");
        Objects.requireNonNull(blockNumber, "blockNumber");
        Objects.requireNonNull(at, "at");
        if (allowed == deniedCode.isPresent()) {
            throw new IllegalArgumentException("a read is either allowed or denied with a code");
        }
    }

    public EthAddress patient() {
        return record.patient();
    }
}
