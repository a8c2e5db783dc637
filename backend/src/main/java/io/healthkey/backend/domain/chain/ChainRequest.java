package io.healthkey.backend.domain.chain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EthAddress;

/**
 * Something this service relays on chain for an account, followed from acceptance to its end.
 *
 * @param id random UUID: names the request in its status URL
 * @param account who asked: only they (and the patient it concerns) may see it
 * @param subject what it is about: a record id, or a grantee address
 * @param transaction the mined transaction, once {@link ChainRequestStatus#MINED}
 * @param failureCode the stable error code, once {@link ChainRequestStatus#FAILED}
 */
public record ChainRequest(
        String id,
        RelayKind kind,
        EthAddress account,
        EthAddress patient,
        String subject,
        ChainRequestStatus status,
        Optional<MinedTransaction> transaction,
        Optional<String> failureCode,
        Optional<String> failureDetail,
        Instant acceptedAt,
        Instant updatedAt) {

    public ChainRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(failureCode, "failureCode");
        Objects.requireNonNull(failureDetail, "failureDetail");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static ChainRequest accepted(String id, RelayKind kind, EthAddress account, EthAddress patient,
            String subject, Instant now) {
        return new ChainRequest(id, kind, account, patient, subject, ChainRequestStatus.ACCEPTED, Optional.empty(),
                Optional.empty(), Optional.empty(), now, now);
    }

    public ChainRequest mined(MinedTransaction mined, Instant now) {
        return new ChainRequest(id, kind, account, patient, subject, ChainRequestStatus.MINED, Optional.of(mined),
                Optional.empty(), Optional.empty(), acceptedAt, now);
    }

    public ChainRequest failed(String code, String detail, Instant now) {
        return new ChainRequest(id, kind, account, patient, subject, ChainRequestStatus.FAILED, Optional.empty(),
                Optional.of(code), Optional.of(detail), acceptedAt, now);
    }

    /** Whether {@code viewer} may see this request: who asked, or the patient it concerns. */
    public boolean isVisibleTo(EthAddress viewer) {
        return viewer.equals(account) || viewer.equals(patient);
    }
}
