package io.healthkey.backend.application.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.chain.Broadcast;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.OutboxTransactionStatus;
import io.healthkey.backend.domain.chain.Receipt;
import io.healthkey.backend.domain.chain.SendStep;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows the relayer's open transactions from their broadcast to their confirmation: receipts of every attempt,
 * the depth of mined ones, reorganisations that drop a block, nonces used by a transaction none of ours, and
 * transactions stuck in (or lost from) the node's pool.
 */
final class ReceiptFollower {

    private static final Logger log = LoggerFactory.getLogger(ReceiptFollower.class);
    /** A pending transaction is checked for in the node's pool this many times per stuck period. */
    private static final int REBROADCAST_CHECKS = 3;

    private final RelayerAccountPort chain;
    private final BlockingCalls blocking;
    private final OutboxTransactionPort transactions;
    private final TransactionTransitions carried;
    private final FeeBumpReplacer replacements;
    private final MessageOutcomes outcomes;
    private final OutboxPolicy policy;
    private final Clock clock;
    private final CrashPointPort crashPoints;

    ReceiptFollower(RelayerAccountPort chain, BlockingCalls blocking, OutboxTransactionPort transactions,
            TransactionTransitions carried, FeeBumpReplacer replacements, MessageOutcomes outcomes,
            OutboxPolicy policy, Clock clock, CrashPointPort crashPoints) {
        this.chain = chain;
        this.blocking = blocking;
        this.transactions = transactions;
        this.carried = carried;
        this.replacements = replacements;
        this.outcomes = outcomes;
        this.policy = policy;
        this.clock = clock;
        this.crashPoints = crashPoints;
    }

    /** After following: how many transactions are still pending, and whether any moved. */
    record Progress(int pending, boolean moved) {

        static final Progress NONE = new Progress(0, false);

        static Progress of(OutboxTransaction before, OutboxTransaction after) {
            return new Progress(after.status() == OutboxTransactionStatus.PENDING ? 1 : 0, after != before);
        }

        Progress plus(Progress other) {
            return new Progress(pending + other.pending, moved || other.moved);
        }
    }

    /** What the node says of the open transactions, read in this order (see {@link #readChain}). */
    private record ChainView(long minedNonce, Map<String, Receipt> receipts, long latestBlock) {
    }

    /** At take-over: every pending transaction's latest attempt again (a node restart or a crash may have lost it). */
    Mono<Void> rebroadcastPending() {
        return open().flatMapMany(Flux::fromIterable)
                .filter(open -> open.status() == OutboxTransactionStatus.PENDING)
                .concatMap(open -> blocking.call(() -> chain.broadcast(open.latest()))
                        .doOnNext(answer -> log.info("took over relayer {}: re-broadcast nonce {} ({})",
                                open.relayer(), open.nonce(), answer.outcome())))
                .then();
    }

    /**
     * Follows every open transaction: the receipts of all their attempts come in one round trip, the latest block
     * after them, so that a transaction mined deep enough is confirmed in the same round. What the receipts change
     * is stored in one database transaction for the round ({@link TransactionTransitions#moveAll}).
     */
    Mono<Progress> follow() {
        return open().flatMap(open -> blocking.call(() -> readChain(open)).flatMap(view -> followEach(open, view)));
    }

    private ChainView readChain(List<OutboxTransaction> open) {
        List<String> hashes = new ArrayList<>();
        for (OutboxTransaction transaction : open) {
            if (transaction.status() == OutboxTransactionStatus.PENDING) {
                transaction.attempts().forEach(attempt -> hashes.add(attempt.hash()));
            } else {
                hashes.add(transaction.mined().orElseThrow().transactionHash());
            }
        }
        // The mined count first: a nonce below it whose receipt is not in the answer that follows was used by a
        // transaction that is none of ours. Read after the receipts, it could count one mined in between.
        long minedNonce = open.isEmpty() ? 0 : chain.minedNonce();
        Map<String, Receipt> receipts = chain.receipts(hashes);
        return new ChainView(minedNonce, receipts, chain.latestBlock());
    }

    /** Follows each in nonce order, then stores the moves of all in one database transaction. */
    private Mono<Progress> followEach(List<OutboxTransaction> open, ChainView view) {
        List<TransactionTransitions.Move> moves = new ArrayList<>();
        return Flux.fromIterable(open)
                .concatMap(transaction -> Mono.defer(() -> followOne(transaction, view, moves))
                        .onErrorResume(RuntimeException.class, failure -> {
                            log.warn("nonce {} could not be followed this round: {}", transaction.nonce(),
                                    failure.toString());
                            return Mono.just(transaction);
                        })
                        .map(now -> Progress.of(transaction, now)))
                .reduce(Progress.NONE, Progress::plus)
                .flatMap(progress -> carried.moveAll(moves).thenReturn(progress));
    }

    /**
     * Follows one open transaction and answers it as it will be once {@code moves} (where a receipt's consequence
     * is added) is stored; a failure leaves the others to be followed.
     */
    private Mono<OutboxTransaction> followOne(OutboxTransaction transaction, ChainView view,
            List<TransactionTransitions.Move> moves) {
        if (transaction.status() == OutboxTransactionStatus.PENDING) {
            Optional<Receipt> receipt = receiptOfAnyAttempt(transaction, view.receipts());
            if (receipt.isEmpty()) {
                return followPending(transaction, view.minedNonce());
            }
            crashPoints.reached(SendStep.BEFORE_RECEIPT);
            return recordMined(transaction, receipt.get(), view.latestBlock(), moves);
        }
        Receipt receipt = view.receipts().get(transaction.mined().orElseThrow().transactionHash());
        return followMined(transaction, receipt, view.latestBlock(), moves);
    }

    /** A pending transaction none of whose attempts is mined: abandoned, replaced, or re-sent if the node lost it. */
    private Mono<OutboxTransaction> followPending(OutboxTransaction open, long minedNonce) {
        if (open.nonce() < minedNonce) {
            return carried.requeue(open);
        }
        Instant now = clock.instant();
        if (open.isStuck(now, policy.stuckAfter())) {
            return replacements.replace(open, open.isCancelled(), now);
        }
        boolean maybeLost = open.isStuck(now, policy.stuckAfter().dividedBy(REBROADCAST_CHECKS));
        return maybeLost ? blocking.run(() -> rebroadcastIfLost(open)).thenReturn(open) : Mono.just(open);
    }

    private void rebroadcastIfLost(OutboxTransaction open) {
        if (!chain.isKnown(open.latest().hash())) {
            Broadcast answer = chain.broadcast(open.latest());
            log.info("nonce {} was not in the node's pool: re-broadcast ({})", open.nonce(), answer.outcome());
        }
    }

    private static Optional<Receipt> receiptOfAnyAttempt(OutboxTransaction open, Map<String, Receipt> receipts) {
        return open.attempts().stream().map(attempt -> receipts.get(attempt.hash())).filter(Objects::nonNull)
                .findFirst();
    }

    /**
     * One of its attempts is in a block: the transaction and its requests move to MINED together, with no side
     * effect yet (a reorganisation may still drop the block); already deep enough, they are settled at once.
     */
    private Mono<OutboxTransaction> recordMined(OutboxTransaction open, Receipt receipt, long latestBlock,
            List<TransactionTransitions.Move> moves) {
        Instant now = clock.instant();
        OutboxTransaction mined = open.minedAs(receipt.transaction(), receipt.succeeded(), now);
        if (deepEnough(receipt, latestBlock)) {
            return settle(mined, ChainRequestStatus.SENT, receipt, moves);
        }
        return movedToMined(mined, receipt, moves, now);
    }

    /**
     * Its requests move to MINED; if it reverted, their effects learn why: the call as it would fail now (a wallet
     * that changed its mind in the same block passes a replay on the state before it), else as it failed there.
     */
    private Mono<OutboxTransaction> movedToMined(OutboxTransaction mined, Receipt receipt,
            List<TransactionTransitions.Move> moves, Instant now) {
        Function<ChainRequest, Mono<Void>> toMined = request -> carried.requests()
                .save(request.mined(receipt.transaction(), now));
        if (receipt.succeeded() || mined.minedCancel()) {
            moves.add(new TransactionTransitions.Move(mined, ChainRequestStatus.SENT, toMined));
            return Mono.just(mined);
        }
        return blocking.call(() -> chain.simulate(mined.call())
                        .orElseGet(() -> chain.revertIn(mined.call(), receipt.transaction().blockNumber())))
                .map(revert -> {
                    moves.add(new TransactionTransitions.Move(mined, ChainRequestStatus.SENT,
                            request -> toMined.apply(request).then(carried.minedReverted(request, revert))));
                    return mined;
                });
    }

    /**
     * The block holding it is deep enough: the requests it carries end, with their side effects, in one database
     * transaction. Those of a call that succeeded are CONFIRMED. Those of a call that reverted end as the signed
     * message it carries did ({@link MessageOutcomes}: someone may have sent it first), and while that is undecided
     * the transaction stays open and is judged again next round; a call that carries none (or a mined cancel, whose
     * requests failed when it was cancelled) FAILS with the decoded error.
     */
    private Mono<OutboxTransaction> settle(OutboxTransaction mined, ChainRequestStatus from, Receipt receipt,
            List<TransactionTransitions.Move> moves) {
        Instant now = clock.instant();
        if (!receipt.succeeded() && !mined.minedCancel()) {
            return blocking.call(() -> outcomes.judge(mined.call()))
                    .flatMap(verdict -> settleReverted(mined, from, receipt, verdict, moves));
        }
        OutboxTransaction confirmed = mined.confirmed(now);
        moves.add(new TransactionTransitions.Move(confirmed, from, request -> carried.confirm(
                (from == ChainRequestStatus.SENT ? request.mined(receipt.transaction(), now) : request)
                        .confirmed(now)),
                moved -> countConfirmed(moved, now)));
        return Mono.just(confirmed);
    }

    private Mono<OutboxTransaction> settleReverted(OutboxTransaction mined, ChainRequestStatus from, Receipt receipt,
            MessageOutcomes.Verdict verdict, List<TransactionTransitions.Move> moves) {
        Instant now = clock.instant();
        OutboxTransaction confirmed = mined.confirmed(now);
        if (verdict instanceof MessageOutcomes.Landed landed) {
            log.info("nonce {} reverted, but the signed message it carries is final in transaction {}: confirmed "
                    + "with it", mined.nonce(), landed.transaction().transactionHash());
            moves.add(new TransactionTransitions.Move(confirmed, from,
                    request -> carried.confirm(request.landedIn(landed.transaction(), now)),
                    moved -> countConfirmed(moved, now)));
            return Mono.just(confirmed);
        }
        if (verdict instanceof MessageOutcomes.NeverLands never) {
            moves.add(new TransactionTransitions.Move(confirmed, from,
                    request -> carried.fail(request, never.code().code(), never.detail())));
            return Mono.just(confirmed);
        }
        if (verdict instanceof MessageOutcomes.Undecided undecided) {
            log.info("nonce {} reverted; the signed message it carries is undecided ({}): judged again next round",
                    mined.nonce(), undecided.why());
            return from == ChainRequestStatus.SENT ? movedToMined(mined, receipt, moves, now) : Mono.just(mined);
        }
        return blocking.call(() -> chain.revertIn(mined.call(), receipt.transaction().blockNumber()))
                .map(revert -> {
                    moves.add(new TransactionTransitions.Move(confirmed, from,
                            request -> carried.fail(request, revert.code(), revert.getMessage())));
                    return confirmed;
                });
    }

    private boolean deepEnough(Receipt receipt, long latestBlock) {
        return latestBlock - receipt.transaction().blockNumber() + 1 >= policy.confirmations();
    }

    private void countConfirmed(List<ChainRequest> moved, Instant now) {
        moved.forEach(request -> carried.metrics().confirmed(Duration.between(request.acceptedAt(), now)));
    }

    /**
     * Settles it once deep enough. A reorganisation may have dropped its block ({@code receipt} is null: the node
     * no longer has it; it is broadcast again) or moved it to another block: it goes back to pending, its requests
     * back to SENT, and the next round finds where it is now. Nothing was applied for it yet, so nothing is undone.
     * Answers it as it will be.
     */
    private Mono<OutboxTransaction> followMined(OutboxTransaction mined, Receipt receipt, long latestBlock,
            List<TransactionTransitions.Move> moves) {
        Instant now = clock.instant();
        long recordedBlock = mined.mined().orElseThrow().blockNumber();
        if (receipt == null || receipt.transaction().blockNumber() != recordedBlock) {
            log.warn("transaction {} (nonce {}) is no longer in block {}: {}",
                    mined.mined().orElseThrow().transactionHash(), mined.nonce(), recordedBlock,
                    receipt == null ? "sending it again" : "now in block " + receipt.transaction().blockNumber());
            OutboxTransaction unmined = mined.unmined(now);
            return carried.move(unmined, ChainRequestStatus.MINED,
                            request -> carried.requests().save(request.unmined(now)))
                    .then(receipt == null ? blocking.run(() -> chain.broadcast(unmined.latest())) : Mono.empty())
                    .thenReturn(unmined);
        }
        if (!deepEnough(receipt, latestBlock)) {
            return Mono.just(mined);
        }
        return settle(mined, ChainRequestStatus.MINED, receipt, moves);
    }

    private Mono<List<OutboxTransaction>> open() {
        return transactions.open(chain.relayer()).collectList();
    }
}
