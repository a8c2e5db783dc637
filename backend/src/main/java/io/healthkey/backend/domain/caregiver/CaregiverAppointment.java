package io.healthkey.backend.domain.caregiver;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EthAddress;

/**
 * A caregiver's appointment as {@code ConsentRegistry.caregiverOf} answers it: zero powers and expiry when never
 * appointed or revoked; the generation only moves on (every appointment and revocation). It does not say whether an
 * appointing caregiver has ended since: {@code isCaregiverFor} does.
 *
 * @param powers the power bits, 0 when none
 * @param appointer the caregiver that appointed, empty when the patient did
 */
public record CaregiverAppointment(Instant expiresAt, int powers, long generation, Optional<EthAddress> appointer) {

    public CaregiverAppointment {
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(appointer, "appointer");
    }

    /** Where an appointment stands at an instant. */
    public enum Status {
        /** Never appointed for this patient. */
        NONE,
        /** Revoked by the patient: its powers and grants ended. */
        REVOKED,
        /** Its expiry has passed: its powers and grants ended. */
        EXPIRED,
        /** Acting, unless the caregiver that appointed it has ended. */
        LIVE
    }

    public Status statusAt(Instant now) {
        if (generation == 0) {
            return Status.NONE;
        }
        if (powers == 0) {
            return Status.REVOKED;
        }
        return now.isBefore(expiresAt) ? Status.LIVE : Status.EXPIRED;
    }

    /** Whether it holds every power bit of {@code needed}. */
    public boolean holds(int needed) {
        return (powers & needed) == needed;
    }
}
