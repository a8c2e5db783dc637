package io.healthkey.backend.domain.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EthAddress;

/**
 * Something this service relays on chain for an account, followed from acceptance to its end. The request is the
 * outbox entry: it is stored with its call in the same database transaction that accepts it, and the sender moves
 * it through {@link ChainRequestStatus}; every move is checked here, an illegal one throws.
 *
 * @param id random UUID: names the request in its status URL
 * @param account who asked: only they (and the patient it concerns) may see it
 * @param subject what it is about: a record id, or a grantee address
 * @param call the contract call to relay; empty only for requests accepted before the outbox existed
 * @param intent what the request's side effects need once it is final; it must {@linkplain Intent#suits suit} its kind
 * @param outboxTransaction the relayer transaction carrying the call, once SENT; several anchors may share one
 * @param transaction the mined transaction, once {@link ChainRequestStatus#MINED}
 * @param failureCode the stable error code, once {@link ChainRequestStatus#FAILED}
 * @param gasLimit the gas the call needed when it was accepted (with the relayer's margin); empty when it was not
 *     estimated alone (anchors, estimated in their batch when sent)
 */
public record ChainRequest(
        String id,
        RelayKind kind,
        EthAddress account,
        EthAddress patient,
        String subject,
        ChainRequestStatus status,
        Optional<ChainCall> call,
        Intent intent,
        Optional<String> outboxTransaction,
        Optional<MinedTransaction> transaction,
        Optional<String> failureCode,
        Optional<String> failureDetail,
        Instant acceptedAt,
        Instant updatedAt,
        Optional<BigInteger> gasLimit) {

    public ChainRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(intent, "intent");
        if (!intent.suits(kind)) {
            throw new IllegalArgumentException("a " + kind + " request cannot carry " + intent);
        }
        Objects.requireNonNull(outboxTransaction, "outboxTransaction");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(failureCode, "failureCode");
        Objects.requireNonNull(failureDetail, "failureDetail");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(gasLimit, "gasLimit");
    }

    public static ChainRequest accepted(String id, RelayKind kind, EthAddress account, EthAddress patient,
            String subject, ChainCall call, Intent intent, Instant now) {
        return new ChainRequest(id, kind, account, patient, subject, ChainRequestStatus.ACCEPTED, Optional.of(call),
                intent, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now, now,
                Optional.empty());
    }

    /** The same accepted request, with the gas its call needed at acceptance: the sender need not simulate it again. */
    public ChainRequest estimated(BigInteger gas) {
        if (status != ChainRequestStatus.ACCEPTED) {
            throw new IllegalStateException("chain request " + id + " is estimated when accepted, not " + status);
        }
        return new ChainRequest(id, kind, account, patient, subject, status, call, intent, outboxTransaction,
                transaction, failureCode, failureDetail, acceptedAt, updatedAt, Optional.of(gas));
    }

    /** Signed into relayer transaction {@code transactionId} and broadcast. */
    public ChainRequest sent(String transactionId, Instant now) {
        return moveTo(ChainRequestStatus.SENT, Optional.of(transactionId), Optional.empty(), Optional.empty(),
                Optional.empty(), now);
    }

    public ChainRequest mined(MinedTransaction mined, Instant now) {
        return moveTo(ChainRequestStatus.MINED, outboxTransaction, Optional.of(mined), Optional.empty(),
                Optional.empty(), now);
    }

    public ChainRequest confirmed(Instant now) {
        return moveTo(ChainRequestStatus.CONFIRMED, outboxTransaction, transaction, Optional.empty(),
                Optional.empty(), now);
    }

    /**
     * CONFIRMED with {@code landed}: the signed message this request carries is final on chain in that transaction,
     * whoever sent it (the relayer's own transaction may have been mined as a revert, or never).
     */
    public ChainRequest landedIn(MinedTransaction landed, Instant now) {
        Objects.requireNonNull(landed, "landed");
        if (status.isFinal()) {
            throw new IllegalStateException("chain request " + id + " is " + status + " already");
        }
        return new ChainRequest(id, kind, account, patient, subject, ChainRequestStatus.CONFIRMED, call, intent,
                outboxTransaction, Optional.of(landed), Optional.empty(), Optional.empty(), acceptedAt, now, gasLimit);
    }

    public ChainRequest failed(String code, String detail, Instant now) {
        return moveTo(ChainRequestStatus.FAILED, outboxTransaction, Optional.empty(), Optional.of(code),
                Optional.of(detail), now);
    }

    /** Back to ACCEPTED: its nonce went to a transaction that was not its own, so it must be signed again. */
    public ChainRequest requeued(Instant now) {
        return moveTo(ChainRequestStatus.ACCEPTED, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), now);
    }

    /** Back to SENT: a reorganisation dropped the block that held it; the same signed transaction is re-sent. */
    public ChainRequest unmined(Instant now) {
        return moveTo(ChainRequestStatus.SENT, outboxTransaction, Optional.empty(), Optional.empty(),
                Optional.empty(), now);
    }

    /** Whether {@code viewer} may see this request: who asked, or the patient it concerns. */
    public boolean isVisibleTo(EthAddress viewer) {
        return viewer.equals(account) || viewer.equals(patient);
    }

    private ChainRequest moveTo(ChainRequestStatus next, Optional<String> tx, Optional<MinedTransaction> mined,
            Optional<String> code, Optional<String> detail, Instant now) {
        if (!status.mayMoveTo(next)) {
            throw new IllegalStateException("chain request " + id + " cannot move from " + status + " to " + next);
        }
        return new ChainRequest(id, kind, account, patient, subject, next, call, intent, tx, mined, code, detail,
                acceptedAt, now, gasLimit);
    }
}
