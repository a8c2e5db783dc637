package io.healthkey.backend.domain.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;

/**
 * An appointment or a revocation of a caregiver: the caregiver concerned and the nonce its signer (the request's
 * account) signed it with. A caregiver's grants and revocations are {@link GrantIntent}s and
 * {@link RevocationIntent}s of requests whose account is the caregiver.
 */
public sealed interface CaregiverIntent extends Intent {

    EthAddress caregiver();

    BigInteger nonce();

    /** {@code caregiver} may act with {@code powers} on {@code scopes} until {@code expiresAt} (whole seconds). */
    record Appointment(EthAddress caregiver, List<Scope> scopes, CaregiverPowers powers, Instant expiresAt,
            BigInteger nonce) implements CaregiverIntent {

        public Appointment {
            Objects.requireNonNull(caregiver, "caregiver");
            scopes = List.copyOf(scopes);
            Objects.requireNonNull(powers, "powers");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(nonce, "nonce");
        }

        @Override
        public boolean suits(RelayKind kind) {
            return kind == RelayKind.CAREGIVER_APPOINTMENT;
        }
    }

    /** The patient ends {@code caregiver}'s powers and every grant it made. */
    record Revocation(EthAddress caregiver, BigInteger nonce) implements CaregiverIntent {

        public Revocation {
            Objects.requireNonNull(caregiver, "caregiver");
            Objects.requireNonNull(nonce, "nonce");
        }

        @Override
        public boolean suits(RelayKind kind) {
            return kind == RelayKind.CAREGIVER_REVOCATION;
        }
    }
}
