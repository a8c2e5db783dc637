package io.healthkey.backend.domain.emergency;

import java.time.Instant;
import java.util.Objects;

/**
 * The flag beside a read made through an emergency window: the window's end, as its {@code EmergencyWindowOpened}
 * event set it, and that event's transaction. Kept beside the read log, never in a receipt leaf.
 */
public record EmergencyFlag(Instant windowUntil, String windowTransaction) {

    public EmergencyFlag {
        Objects.requireNonNull(windowUntil, "windowUntil");
        Objects.requireNonNull(windowTransaction, "windowTransaction");
    }
}
