package io.healthkey.backend.domain.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EthAddress;

/**
 * One relayer nonce and every transaction signed for it. The first attempt is stored, in the same database
 * transaction that takes the nonce, before it is broadcast; a stuck one is replaced by an attempt paying at least
 * 10% more ({@link Fees#replaces}); one the node refuses for good is replaced by a cancel (a zero-value transfer
 * to the relayer) so that later nonces are not stuck behind a gap. Whichever attempt is mined, only one can be.
 *
 * @param call what the non-cancel attempts do (several anchors share one batch call)
 * @param mined the attempt a block holds, once MINED
 * @param succeeded whether the mined attempt did not revert; meaningless before MINED
 */
public record OutboxTransaction(
        String id,
        EthAddress relayer,
        long nonce,
        ChainCall call,
        BigInteger gasLimit,
        OutboxTransactionStatus status,
        List<TransactionAttempt> attempts,
        Optional<MinedTransaction> mined,
        boolean succeeded,
        Instant createdAt,
        Instant updatedAt) {

    public OutboxTransaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(relayer, "relayer");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(gasLimit, "gasLimit");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mined, "mined");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        attempts = List.copyOf(attempts);
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a relayer transaction has at least its first signed attempt");
        }
        if (nonce < 0) {
            throw new IllegalArgumentException("negative nonce");
        }
    }

    public static OutboxTransaction signed(String id, EthAddress relayer, long nonce, ChainCall call,
            BigInteger gasLimit, TransactionAttempt first) {
        return new OutboxTransaction(id, relayer, nonce, call, gasLimit, OutboxTransactionStatus.PENDING,
                List.of(first), Optional.empty(), false, first.sentAt(), first.sentAt());
    }

    public TransactionAttempt latest() {
        return attempts.get(attempts.size() - 1);
    }

    /** Whether the latest attempt is a cancel: the requests it carried have failed already. */
    public boolean isCancelled() {
        return latest().cancel();
    }

    /** Whether it has waited longer than {@code stuckAfter} since its latest attempt without being mined. */
    public boolean isStuck(Instant now, Duration stuckAfter) {
        return status == OutboxTransactionStatus.PENDING && latest().sentAt().plus(stuckAfter).isBefore(now);
    }

    /** Adds a replacement for the same nonce; it must pay at least 10% more in both fees than the latest. */
    public OutboxTransaction replacedBy(TransactionAttempt replacement) {
        require(OutboxTransactionStatus.PENDING, "replaced");
        if (!replacement.fees().replaces(latest().fees())) {
            throw new IllegalArgumentException("a replacement must pay at least 10% more in both fees");
        }
        if (isCancelled() && !replacement.cancel()) {
            throw new IllegalStateException("a cancelled transaction is only ever replaced by a cancel");
        }
        List<TransactionAttempt> all = new ArrayList<>(attempts);
        all.add(replacement);
        return new OutboxTransaction(id, relayer, nonce, call, gasLimit, status, all, mined, succeeded, createdAt,
                replacement.sentAt());
    }

    /** One of its attempts is in a block; {@code succeeded} is false when it reverted. */
    public OutboxTransaction minedAs(MinedTransaction block, boolean succeeded, Instant now) {
        require(OutboxTransactionStatus.PENDING, "mined");
        if (attempts.stream().noneMatch(attempt -> attempt.hash().equals(block.transactionHash()))) {
            throw new IllegalArgumentException("transaction " + block.transactionHash() + " is no attempt of " + id);
        }
        return with(OutboxTransactionStatus.MINED, Optional.of(block), succeeded, now);
    }

    /** Whether the mined attempt is the cancel, not the call. */
    public boolean minedCancel() {
        return mined.flatMap(block -> attempts.stream()
                        .filter(attempt -> attempt.hash().equals(block.transactionHash())).findFirst())
                .map(TransactionAttempt::cancel)
                .orElse(false);
    }

    public OutboxTransaction confirmed(Instant now) {
        require(OutboxTransactionStatus.MINED, "confirmed");
        return with(OutboxTransactionStatus.CONFIRMED, mined, succeeded, now);
    }

    /** A reorganisation dropped its block: pending again, its attempts are broadcast again. */
    public OutboxTransaction unmined(Instant now) {
        require(OutboxTransactionStatus.MINED, "unmined");
        return with(OutboxTransactionStatus.PENDING, Optional.empty(), false, now);
    }

    /** The nonce went to a transaction that is none of its attempts. */
    public OutboxTransaction abandoned(Instant now) {
        require(OutboxTransactionStatus.PENDING, "abandoned");
        return with(OutboxTransactionStatus.ABANDONED, Optional.empty(), false, now);
    }

    private void require(OutboxTransactionStatus expected, String move) {
        if (status != expected) {
            throw new IllegalStateException("relayer transaction " + id + " is " + status + ", cannot be " + move);
        }
    }

    private OutboxTransaction with(OutboxTransactionStatus next, Optional<MinedTransaction> block, boolean ok,
            Instant now) {
        return new OutboxTransaction(id, relayer, nonce, call, gasLimit, next, attempts, block, ok, createdAt, now);
    }
}
