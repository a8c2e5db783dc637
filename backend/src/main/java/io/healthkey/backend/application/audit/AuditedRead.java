package io.healthkey.backend.application.audit;

import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.emergency.EmergencyFlag;
import io.healthkey.backend.domain.record.LoggedRead;

/** A row of the patient's read log, and the emergency window it was made through, if it was. */
public record AuditedRead(LoggedRead read, Optional<EmergencyFlag> emergency) {

    public AuditedRead {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(emergency, "emergency");
    }

    public boolean isEmergency() {
        return emergency.isPresent();
    }
}
