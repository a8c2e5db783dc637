package io.healthkey.backend.support.fakes;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;

import io.healthkey.backend.application.caregiver.CaregiverRegistryPort;
import io.healthkey.backend.domain.caregiver.CaregiverAppointment;
import io.healthkey.backend.domain.caregiver.SignedCaregiverMessage;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.AppointmentMessage;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.CaregiverGrantRevocationMessage;
import io.healthkey.protocol.eip712.CaregiverRevocationMessage;

/**
 * The caregivers of the consent registry as a test sets them, with the contract's rules for {@code caregiverOf}
 * and {@code isCaregiverFor}: a revocation zeroes powers and expiry and moves the generation on; a scope covers a
 * record by equality, by its category or as "all"; a caregiver appointed by a caregiver lives while its appointer
 * is in the generation it appointed in.
 */
public final class FakeCaregiverRegistry implements CaregiverRegistryPort {

    private record Pair(EthAddress patient, EthAddress caregiver) {
    }

    private record Stored(CaregiverAppointment appointment, List<Scope> scopes, long appointerGeneration) {
    }

    private final Map<Pair, Stored> appointments = new HashMap<>();
    private final Clock clock;

    public FakeCaregiverRegistry(Clock clock) {
        this.clock = clock;
    }

    /** {@code appointer} (the patient or a caregiver) appointed {@code caregiver}, as the contract would store it. */
    public void appoint(EthAddress appointer, EthAddress patient, EthAddress caregiver, List<Scope> scopes,
            int powers, Instant expiresAt) {
        Pair pair = new Pair(patient, caregiver);
        long generation = generation(pair) + 1;
        Optional<EthAddress> byCaregiver = appointer.equals(patient) ? Optional.empty() : Optional.of(appointer);
        long upper = byCaregiver.map(a -> generation(new Pair(patient, a))).orElse(0L);
        appointments.put(pair, new Stored(new CaregiverAppointment(expiresAt, powers, generation, byCaregiver),
                List.copyOf(scopes), upper));
    }

    public void revoke(EthAddress patient, EthAddress caregiver) {
        Pair pair = new Pair(patient, caregiver);
        appointments.put(pair, new Stored(new CaregiverAppointment(Instant.EPOCH, 0, generation(pair) + 1,
                Optional.empty()), List.of(), 0));
    }

    @Override
    public ChainCall appointmentCall(SignedCaregiverMessage<AppointmentMessage> signed) {
        return new ChainCall(FakeConsentRegistry.ADDRESS, "0x11" + "%064x".formatted(signed.message().nonce()));
    }

    @Override
    public ChainCall caregiverRevocationCall(SignedCaregiverMessage<CaregiverRevocationMessage> signed) {
        return new ChainCall(FakeConsentRegistry.ADDRESS, "0x12" + "%064x".formatted(signed.message().nonce()));
    }

    @Override
    public ChainCall grantCall(SignedCaregiverMessage<CaregiverGrantMessage> signed) {
        return new ChainCall(FakeConsentRegistry.ADDRESS, "0x13" + "%064x".formatted(signed.message().nonce()));
    }

    @Override
    public ChainCall grantRevocationCall(SignedCaregiverMessage<CaregiverGrantRevocationMessage> signed) {
        return new ChainCall(FakeConsentRegistry.ADDRESS, "0x14" + "%064x".formatted(signed.message().nonce()));
    }

    @Override
    public Mono<CaregiverAppointment> caregiverOf(EthAddress patient, EthAddress caregiver) {
        return Mono.fromSupplier(() -> Optional.ofNullable(appointments.get(new Pair(patient, caregiver)))
                .map(Stored::appointment)
                .orElseGet(() -> new CaregiverAppointment(Instant.EPOCH, 0, 0, Optional.empty())));
    }

    @Override
    public Mono<Boolean> isCaregiverFor(EthAddress patient, EthAddress caregiver, Scope scope, int powers) {
        return Mono.fromSupplier(() -> {
            Stored stored = appointments.get(new Pair(patient, caregiver));
            return powers != 0 && stored != null && isLive(patient, stored) && stored.appointment().holds(powers)
                    && stored.scopes().stream().anyMatch(held -> covers(held, scope));
        });
    }

    private boolean isLive(EthAddress patient, Stored stored) {
        CaregiverAppointment appointment = stored.appointment();
        if (appointment.statusAt(clock.instant()) != CaregiverAppointment.Status.LIVE) {
            return false;
        }
        return appointment.appointer()
                .map(appointer -> generation(new Pair(patient, appointer)) == stored.appointerGeneration())
                .orElse(true);
    }

    private static boolean covers(Scope held, Scope asked) {
        if (held.equals(asked) || held.equals(Scope.all())) {
            return true;
        }
        return asked instanceof Scope.OfRecord record && held.covers(recordOf(record));
    }

    private static RecordId recordOf(Scope.OfRecord scope) {
        return scope.record();
    }

    private long generation(Pair pair) {
        Stored stored = appointments.get(pair);
        return stored == null ? 0 : stored.appointment().generation();
    }
}
