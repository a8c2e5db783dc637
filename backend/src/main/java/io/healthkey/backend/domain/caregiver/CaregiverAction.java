package io.healthkey.backend.domain.caregiver;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * One caregiver action in a patient's history, with who acted ({@code by}): the patient or a caregiver appointing
 * or the patient revoking a caregiver, or a caregiver granting or revoking on the patient's behalf.
 *
 * @param grantee grants and their revocations only
 * @param scopes an appointment's scopes, or the one scope of a grant or its revocation
 * @param powersOrAction an appointment's powers; a grant's action (1 READ, 2 WRITE); 0 for a revocation of a caregiver
 * @param expiresAt an appointment's expiry, seconds since the epoch; else 0
 */
public record CaregiverAction(Kind kind, EthAddress by, EthAddress caregiver, Optional<EthAddress> grantee,
        List<Bytes32> scopes, int powersOrAction, long expiresAt, Instant at, String transaction, long block) {

    public enum Kind { APPOINTED, CAREGIVER_REVOKED, GRANTED, REVOKED }

    public CaregiverAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(caregiver, "caregiver");
        Objects.requireNonNull(grantee, "grantee");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(transaction, "transaction");
    }

    public static CaregiverAction of(ChainEvent.CaregiverChange change) {
        return new CaregiverAction(change.revoked() ? Kind.CAREGIVER_REVOKED : Kind.APPOINTED,
                change.appointer().orElse(change.patient()), change.caregiver(), Optional.empty(), change.scopes(),
                change.powers(), change.expiresAt(), Instant.ofEpochSecond(change.at().blockTime()),
                change.at().transactionHash(), change.at().blockNumber());
    }

    public static CaregiverAction of(ChainEvent.CaregiverConsent consent) {
        return new CaregiverAction(consent.revoked() ? Kind.REVOKED : Kind.GRANTED, consent.caregiver(),
                consent.caregiver(), Optional.of(consent.key().grantee()), List.of(consent.key().scope()),
                consent.key().action(), 0, Instant.ofEpochSecond(consent.at().blockTime()),
                consent.at().transactionHash(), consent.at().blockNumber());
    }
}
