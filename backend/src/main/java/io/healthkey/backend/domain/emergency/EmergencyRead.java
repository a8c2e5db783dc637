package io.healthkey.backend.domain.emergency;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/**
 * A read of {@code record} that {@code reader} made through an open emergency window: in the patient's read log like
 * every read (and so in its read receipts), and flagged here, beside it, with the window it was made in.
 */
public record EmergencyRead(RecordId record, EthAddress reader, Instant at, Instant windowUntil,
        String windowTransaction) {

    public EmergencyRead {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(windowUntil, "windowUntil");
        Objects.requireNonNull(windowTransaction, "windowTransaction");
    }

    public EthAddress patient() {
        return record.patient();
    }

    public EmergencyFlag flag() {
        return new EmergencyFlag(windowUntil, windowTransaction);
    }
}
