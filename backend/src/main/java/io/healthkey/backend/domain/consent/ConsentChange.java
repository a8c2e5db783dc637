package io.healthkey.backend.domain.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;

/**
 * A grant or revocation this service relayed, as mined: the patient's history of who was given what, and when.
 *
 * @param purpose and {@code expiresAt}: present for grants only
 */
public record ConsentChange(
        Kind kind,
        EthAddress patient,
        EthAddress grantee,
        Scope scope,
        Action action,
        Optional<Purpose> purpose,
        Optional<Instant> expiresAt,
        MinedTransaction transaction,
        Instant at) {

    public enum Kind { GRANTED, REVOKED }

    public ConsentChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(grantee, "grantee");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(at, "at");
    }
}
