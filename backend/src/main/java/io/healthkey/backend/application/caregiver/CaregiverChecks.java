package io.healthkey.backend.application.caregiver;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.healthkey.backend.domain.caregiver.CaregiverAppointment;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.AppointmentMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the contract requires of a caregiver that acts, asked of the chain before anything is signed for or stored:
 * a caregiver outside its powers or scopes, expired or revoked is refused with its {@code CAREGIVER-…} code, the
 * same code the contract's custom error maps to if the state changes between this check and the transaction.
 */
final class CaregiverChecks {

    private static final int GRANT_REVOKE = CaregiverPowers.GRANT_REVOKE;

    private final CaregiverRegistryPort chain;
    private final Clock clock;

    CaregiverChecks(CaregiverRegistryPort chain, Clock clock) {
        this.chain = chain;
        this.clock = clock;
    }

    /**
     * {@code caregiver} may grant or revoke {@code action} on {@code scope} for {@code patient}; a grant's
     * {@code expiresAt} is not after the caregiver's own expiry.
     */
    Mono<Void> requireMayGrantOrRevoke(EthAddress patient, EthAddress caregiver, Scope scope, Action action,
            Optional<Instant> expiresAt) {
        int needed = GRANT_REVOKE | action.code();
        return liveAppointment(patient, caregiver, ErrorCode.CAREGIVER_NOT_CAREGIVER)
                .flatMap(appointment -> {
                    if (!appointment.holds(needed)) {
                        return Mono.error(new DomainException(ErrorCode.CAREGIVER_MISSING_POWER, "the caregiver "
                                + "holds no GRANT_REVOKE and " + action + " power for this patient"));
                    }
                    if (expiresAt.isPresent() && expiresAt.get().isAfter(appointment.expiresAt())) {
                        return Mono.error(beyondExpiry(appointment));
                    }
                    return requireWithin(patient, caregiver, appointment, scope, needed);
                });
    }

    /**
     * The appointer is the patient, or a live caregiver holding APPOINT that gives at most its own powers (never
     * APPOINT), scopes and expiry.
     */
    Mono<Void> requireMayAppoint(AppointmentMessage appointment) {
        EthAddress patient = appointment.patient();
        EthAddress appointer = appointment.appointer();
        if (appointer.equals(patient)) {
            return Mono.empty();
        }
        return liveAppointment(patient, appointer, ErrorCode.CAREGIVER_NOT_CAREGIVER)
                .flatMap(upper -> {
                    if (!upper.holds(CaregiverPowers.APPOINT)) {
                        return Mono.error(new DomainException(ErrorCode.CAREGIVER_MISSING_POWER,
                                "the appointer is a caregiver without the APPOINT power"));
                    }
                    int allowed = upper.powers() & ~CaregiverPowers.APPOINT;
                    if ((appointment.powers().bits() & ~allowed) != 0) {
                        return Mono.error(new DomainException(ErrorCode.CAREGIVER_MISSING_POWER, "a caregiver "
                                + "appoints with at most its own powers, and never APPOINT"));
                    }
                    if (appointment.expiresAt().isAfter(upper.expiresAt())) {
                        return Mono.error(beyondExpiry(upper));
                    }
                    return Flux.fromIterable(appointment.scopes())
                            .concatMap(scope -> requireWithin(patient, appointer, upper, scope,
                                    appointment.powers().bits()))
                            .then();
                });
    }

    /** {@code caregiver} is a live caregiver of {@code patient}, which the patient may revoke. */
    Mono<Void> requireRevocable(EthAddress patient, EthAddress caregiver) {
        return liveAppointment(patient, caregiver, ErrorCode.CAREGIVER_NO_SUCH_CAREGIVER).then();
    }

    private Mono<CaregiverAppointment> liveAppointment(EthAddress patient, EthAddress caregiver, ErrorCode refusal) {
        return chain.caregiverOf(patient, caregiver).flatMap(appointment -> {
            CaregiverAppointment.Status status = appointment.statusAt(clock.instant());
            return switch (status) {
                case LIVE -> Mono.just(appointment);
                case NONE -> Mono.error(new DomainException(refusal,
                        "the account was never appointed caregiver of this patient"));
                case REVOKED -> Mono.error(new DomainException(refusal,
                        "the patient revoked this caregiver: its powers and grants have ended"));
                case EXPIRED -> Mono.error(new DomainException(refusal,
                        "this caregiver's appointment has expired: its powers and grants have ended"));
            };
        });
    }

    /**
     * {@code isCaregiverFor} on {@code scope}; when it says no to a caregiver whose own appointment holds the powers,
     * either the scope is outside its scopes or the caregiver that appointed it has ended.
     */
    private Mono<Void> requireWithin(EthAddress patient, EthAddress caregiver, CaregiverAppointment appointment,
            Scope scope, int powers) {
        return chain.isCaregiverFor(patient, caregiver, scope, powers).flatMap(within -> {
            if (within) {
                return Mono.<Void>empty();
            }
            if (appointment.appointer().isEmpty()) {
                return Mono.error(outOfScope());
            }
            return chain.caregiverOf(patient, appointment.appointer().get())
                    .flatMap(upper -> upper.statusAt(clock.instant()) == CaregiverAppointment.Status.LIVE
                            ? Mono.<Void>error(outOfScope())
                            : Mono.<Void>error(new DomainException(ErrorCode.CAREGIVER_NOT_CAREGIVER,
                                    "the caregiver that appointed this caregiver has ended, and with it this one")));
        });
    }

    private static DomainException outOfScope() {
        return new DomainException(ErrorCode.CAREGIVER_OUT_OF_SCOPE, "the scope is outside the caregiver's scopes");
    }

    private static DomainException beyondExpiry(CaregiverAppointment appointment) {
        return new DomainException(ErrorCode.CAREGIVER_BEYOND_EXPIRY, "expiresAt is after the acting caregiver's "
                + "expiry, " + appointment.expiresAt().getEpochSecond());
    }
}
