package io.healthkey.backend.domain.caregiver;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;

/**
 * One caregiver of one patient as the event index last saw it: the latest appointment (scopes, powers, expiry,
 * appointer) and where it stands now. A caregiver appointed by a caregiver also ends with its appointer, which its
 * own events do not show: {@link Status#LIVE} means "not revoked, not expired"; the chain decides every access.
 *
 * @param status LIVE, EXPIRED or REVOKED
 * @param since when the latest appointment or revocation was mined
 */
public record CaregiverView(EthAddress patient, EthAddress caregiver, Optional<EthAddress> appointer,
        List<Bytes32> scopes, int powers, Instant expiresAt, CaregiverAppointment.Status status, long generation,
        Instant since) {

    public CaregiverView {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(caregiver, "caregiver");
        Objects.requireNonNull(appointer, "appointer");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
    }

    /**
     * Whether the patient should re-key the records this caregiver could read: it held READ and has expired. An
     * expiry sends no transaction, so nothing drops its wrapped keys or marks the records as a revocation does; the
     * chain no longer lets it (or its grantees) fetch them, but a key fetched before stays with it.
     */
    public boolean rekeyAdvised() {
        return status == CaregiverAppointment.Status.EXPIRED
                && new CaregiverPowers(powers).includes(CaregiverPowers.READ);
    }

    /**
     * The view after {@code latest} (the pair's newest appointment or revocation) and {@code appointment} (its newest
     * appointment, the same event unless revoked since), at {@code now}.
     */
    public static CaregiverView of(ChainEvent.CaregiverChange latest, ChainEvent.CaregiverChange appointment,
            Instant now) {
        Instant expiresAt = Instant.ofEpochSecond(appointment.expiresAt());
        CaregiverAppointment.Status status = latest.revoked() ? CaregiverAppointment.Status.REVOKED
                : now.isBefore(expiresAt) ? CaregiverAppointment.Status.LIVE : CaregiverAppointment.Status.EXPIRED;
        Optional<EthAddress> appointer = appointment.appointer().filter(a -> !a.equals(appointment.patient()));
        return new CaregiverView(latest.patient(), latest.caregiver(), appointer, appointment.scopes(),
                appointment.powers(), expiresAt, status, latest.generation(),
                Instant.ofEpochSecond(latest.at().blockTime()));
    }
}
