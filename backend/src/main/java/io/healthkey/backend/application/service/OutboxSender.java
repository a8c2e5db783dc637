package io.healthkey.backend.application.service;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.port.out.ChainRequestPort;
import io.healthkey.backend.application.port.out.CrashPointPort;
import io.healthkey.backend.application.port.out.OutboxMetricsPort;
import io.healthkey.backend.application.port.out.OutboxTransactionPort;
import io.healthkey.backend.application.port.out.RelayerChainPort;
import io.healthkey.backend.application.port.out.RelayerLeasePort;
import io.healthkey.backend.application.port.out.TransactionPort;
import io.healthkey.backend.domain.chain.Broadcast;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.OutboxTransactionStatus;
import io.healthkey.backend.domain.chain.Receipt;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SendOutcome;
import io.healthkey.backend.domain.chain.SendStep;
import io.healthkey.backend.domain.chain.Simulation;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends the outbox: the only code that spends the relayer's nonces. One {@link #tick()} at a time, on the sender's
 * own thread (it blocks on the database and the node), while this instance holds the relayer's lease.
 *
 * <p>Guarantees, with the database as the only memory:
 * <ul>
 * <li>Gap-free nonces: a nonce is taken in the database transaction that stores the transaction signed with it,
 *     before the broadcast; a crash after signing re-broadcasts the same raw transaction (same hash), so a request
 *     is never relayed twice.</li>
 * <li>Up to {@link OutboxPolicy#maxInFlight()} transactions pending at once; one unmined after
 *     {@link OutboxPolicy#stuckAfter()} is replaced with both fees 12.5% higher.</li>
 * <li>A call that would revert fails its request with the decoded code before any nonce is taken. A signed one
 *     the node refuses for good is replaced by a cancel (zero-value self-transfer) so later nonces are not stuck.</li>
 * <li>A nonce found used by a transaction that is none of ours (the key used elsewhere) sends its requests again
 *     under a new nonce.</li>
 * <li>Anchors accepted within {@link OutboxPolicy#batchWindow()} go out in one batch transaction; a batch that
 *     would revert is split so that a bad anchor fails alone.</li>
 * </ul>
 */
public final class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    /** A pending transaction is checked for in the node's pool this many times per stuck period. */
    private static final int REBROADCAST_CHECKS = 3;

    private final RelayerChainPort chain;
    private final ChainRequestPort requests;
    private final OutboxTransactionPort transactions;
    private final RelayerLeasePort lease;
    private final TransactionPort database;
    private final Map<RelayKind, ChainRequestEffects> effects;
    private final Function<List<ChainCall>, ChainCall> anchorBatch;
    private final OutboxPolicy policy;
    private final OutboxMetricsPort metrics;
    private final Clock clock;
    private final String owner;
    private final EthAddress relayer;
    private final CrashPointPort crashPoints;
    private boolean holding;

    public OutboxSender(RelayerChainPort chain, ChainRequestPort requests, OutboxTransactionPort transactions,
            RelayerLeasePort lease, TransactionPort database, Map<RelayKind, ChainRequestEffects> effects,
            Function<List<ChainCall>, ChainCall> anchorBatch, OutboxPolicy policy, OutboxMetricsPort metrics,
            Clock clock, String owner) {
        this(chain, requests, transactions, lease, database, effects, anchorBatch, policy, metrics, clock, owner,
                CrashPointPort.NONE);
    }

    /** With {@code crashPoints} told of each {@link SendStep}: the fault tests halt the process there. */
    public OutboxSender(RelayerChainPort chain, ChainRequestPort requests, OutboxTransactionPort transactions,
            RelayerLeasePort lease, TransactionPort database, Map<RelayKind, ChainRequestEffects> effects,
            Function<List<ChainCall>, ChainCall> anchorBatch, OutboxPolicy policy, OutboxMetricsPort metrics,
            Clock clock, String owner, CrashPointPort crashPoints) {
        this.crashPoints = crashPoints;
        this.chain = chain;
        this.requests = requests;
        this.transactions = transactions;
        this.lease = lease;
        this.database = database;
        this.effects = new EnumMap<>(RelayKind.class);
        this.effects.putAll(effects);
        this.anchorBatch = anchorBatch;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
        this.owner = owner;
        this.relayer = chain.relayer();
    }

    /** Whether this instance held the lease at its last tick. */
    public boolean isHolding() {
        return holding;
    }

    /**
     * One round: renew the lease (or stand by), follow the pending and mined transactions, then sign and send
     * what waits, within the in-flight limit. Answers whether anything moved: the caller may go again at once.
     */
    public boolean tick() {
        Instant now = clock.instant();
        if (!Boolean.TRUE.equals(lease.acquire(relayer, owner, now, policy.leaseTtl()).block())) {
            holding = false;
            return false;
        }
        if (!holding) {
            takeOver();
            holding = true;
        }
        Progress followed = follow();
        int sent = sendWaiting(policy.maxInFlight() - followed.pending());
        return followed.moved() || sent > 0;
    }

    /** After following: how many transactions are still pending, and whether any moved. */
    private record Progress(int pending, boolean moved) {
    }

    /** Gives the lease up, so that another replica takes over at once. */
    public void stop() {
        lease.release(relayer, owner).block();
        holding = false;
    }

    /**
     * Starts sending for the relayer: the stored next nonce never goes below what the chain has mined, and every
     * pending transaction's latest attempt is broadcast again (a node restart or a crash may have lost it).
     */
    private void takeOver() {
        long mined = chain.minedNonce();
        Optional<Long> stored = transactions.nextNonce(relayer).blockOptional();
        if (stored.isEmpty()) {
            transactions.setNextNonce(relayer, chain.pendingNonce()).block();
        } else if (stored.get() < mined) {
            log.warn("relayer {} has {} mined transactions but the outbox was at nonce {}: the key is used elsewhere",
                    relayer, mined, stored.get());
            transactions.setNextNonce(relayer, mined).block();
        }
        for (OutboxTransaction open : openTransactions()) {
            if (open.status() == OutboxTransactionStatus.PENDING) {
                Broadcast answer = chain.broadcast(open.latest());
                log.info("took over relayer {}: re-broadcast nonce {} ({})", relayer, open.nonce(), answer.outcome());
            }
        }
    }

    /**
     * Follows every open transaction: the receipts of all their attempts come in one round trip, the latest block
     * after them, so that a transaction mined deep enough is confirmed in the same round.
     */
    private Progress follow() {
        List<OutboxTransaction> open = openTransactions();
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
        long latestBlock = chain.latestBlock();
        int pending = 0;
        boolean moved = false;
        for (OutboxTransaction transaction : open) {
            OutboxTransaction now = transaction;
            try {
                now = followOne(transaction, receipts, latestBlock, minedNonce);
            } catch (RuntimeException e) {
                log.warn("nonce {} could not be followed this round: {}", transaction.nonce(), e.toString());
            }
            pending += now.status() == OutboxTransactionStatus.PENDING ? 1 : 0;
            moved |= now != transaction;
        }
        return new Progress(pending, moved);
    }

    /** Follows one open transaction and answers it as it is now; a failure leaves the others to be followed. */
    private OutboxTransaction followOne(OutboxTransaction transaction, Map<String, Receipt> receipts,
            long latestBlock, long minedNonce) {
        OutboxTransaction now = transaction;
        if (transaction.status() == OutboxTransactionStatus.PENDING) {
            Optional<Receipt> receipt = receiptOfAnyAttempt(transaction, receipts);
            receipt.ifPresent(found -> crashPoints.reached(SendStep.BEFORE_RECEIPT));
            now = receipt.isPresent() ? recordMined(transaction, receipt.get())
                    : followPending(transaction, minedNonce);
        }
        if (now.status() == OutboxTransactionStatus.MINED) {
            Receipt receipt = receipts.get(now.mined().orElseThrow().transactionHash());
            return followMined(now, receipt, latestBlock);
        }
        return now;
    }

    /** A pending transaction none of whose attempts is mined: abandoned, replaced, or re-sent if the node lost it. */
    private OutboxTransaction followPending(OutboxTransaction open, long minedNonce) {
        if (open.nonce() < minedNonce) {
            return abandon(open);
        }
        Instant now = clock.instant();
        if (open.isStuck(now, policy.stuckAfter())) {
            return replace(open, open.isCancelled(), now);
        }
        boolean maybeLost = open.isStuck(now, policy.stuckAfter().dividedBy(REBROADCAST_CHECKS));
        if (maybeLost && !chain.isKnown(open.latest().hash())) {
            Broadcast answer = chain.broadcast(open.latest());
            log.info("nonce {} was not in the node's pool: re-broadcast ({})", open.nonce(), answer.outcome());
        }
        return open;
    }

    private static Optional<Receipt> receiptOfAnyAttempt(OutboxTransaction open, Map<String, Receipt> receipts) {
        return open.attempts().stream().map(attempt -> receipts.get(attempt.hash())).filter(Objects::nonNull)
                .findFirst();
    }

    /**
     * One of its attempts is in a block: the transaction and its requests move together, with the requests' side
     * effects, in one database transaction. A reverted call fails its requests with the decoded error.
     */
    private OutboxTransaction recordMined(OutboxTransaction open, Receipt receipt) {
        Instant now = clock.instant();
        OutboxTransaction mined = open.minedAs(receipt.transaction(), receipt.succeeded(), now);
        Optional<DomainException> revert = receipt.succeeded() || mined.minedCancel() ? Optional.empty()
                : Optional.of(chain.revertIn(open.call(), receipt.transaction().blockNumber()));
        moveCarried(mined, ChainRequestStatus.SENT, request -> revert.isPresent()
                ? fail(request, revert.get().code(), revert.get().getMessage())
                : settle(request.mined(receipt.transaction(), now)));
        return mined;
    }

    private Mono<Void> settle(ChainRequest mined) {
        return requests.save(mined).then(quietly(() -> effectsOf(mined).onMined(mined), mined));
    }

    /**
     * Side effects never hold the outbox up: the chain has decided, so a failing effect is logged and the request's
     * new status is stored all the same.
     */
    private static Mono<Void> quietly(Supplier<Mono<Void>> effect, ChainRequest request) {
        return Mono.defer(effect).onErrorResume(failure -> {
            log.error("the side effects of {} request {} failed: {}", request.kind(), request.id(), failure.toString());
            return Mono.empty();
        });
    }

    private Mono<Void> fail(ChainRequest request, String code, String detail) {
        ChainRequest failed = request.failed(code, detail, clock.instant());
        return requests.save(failed).then(quietly(() -> effectsOf(failed).onFailed(failed), failed))
                .doOnSuccess(done -> metrics.failed(code));
    }

    private ChainRequestEffects effectsOf(ChainRequest request) {
        return effects.getOrDefault(request.kind(), ChainRequestEffects.NONE);
    }

    /**
     * Confirms once deep enough; goes back to pending when a reorganisation dropped its block ({@code receipt} is
     * null: the node no longer has it). Answers it as it is now.
     */
    private OutboxTransaction followMined(OutboxTransaction mined, Receipt receipt, long latestBlock) {
        Instant now = clock.instant();
        if (receipt == null) {
            log.warn("transaction {} (nonce {}) is no longer in a block: sending it again",
                    mined.mined().orElseThrow().transactionHash(), mined.nonce());
            OutboxTransaction unmined = mined.unmined(now);
            moveCarried(unmined, ChainRequestStatus.MINED, request -> requests.save(request.unmined(now)));
            chain.broadcast(unmined.latest());
            return unmined;
        }
        long depth = latestBlock - receipt.transaction().blockNumber() + 1;
        if (depth < policy.confirmations()) {
            return mined;
        }
        OutboxTransaction confirmed = mined.confirmed(now);
        moveCarried(confirmed, ChainRequestStatus.MINED, request -> requests.save(request.confirmed(now)))
                .forEach(request -> metrics.confirmed(Duration.between(request.acceptedAt(), now)));
        return confirmed;
    }

    /** The nonce went to a transaction none of ours: the requests it carried wait to be signed again. */
    private OutboxTransaction abandon(OutboxTransaction open) {
        Instant now = clock.instant();
        log.warn("nonce {} of relayer {} was used by another transaction: its requests are sent again", open.nonce(),
                relayer);
        OutboxTransaction abandoned = open.abandoned(now);
        moveCarried(abandoned, ChainRequestStatus.SENT, request -> requests.save(request.requeued(now)));
        return abandoned;
    }

    /** Signs the same nonce again with both fees 12.5% higher (or what the network asks, if more); stores, sends. */
    private OutboxTransaction replace(OutboxTransaction open, boolean cancel, Instant now) {
        var fees = open.latest().fees().bumped().atLeast(chain.currentFees());
        TransactionAttempt attempt = cancel ? chain.signCancel(open.nonce(), fees, now)
                : chain.sign(open.call(), open.nonce(), open.gasLimit(), fees, now);
        OutboxTransaction replaced = open.replacedBy(attempt);
        transactions.appendAttempt(replaced).block();
        Broadcast answer = chain.broadcast(attempt);
        log.info("nonce {} replaced{} with max fee {} ({})", open.nonce(), cancel ? " by a cancel" : "",
                fees.maxFeePerGas(), answer.outcome());
        return replaced;
    }

    /**
     * Signs and sends what waits, up to {@code capacity} transactions: simulated together in one round trip, each
     * signed and stored with its nonce, then broadcast together in nonce order. Answers how many went out.
     */
    private int sendWaiting(int capacity) {
        if (capacity <= 0) {
            return 0;
        }
        List<ChainRequest> waiting = requests.waiting(capacity * policy.maxBatch()).collectList().block();
        List<List<ChainRequest>> units = units(waiting, clock.instant());
        if (units.isEmpty()) {
            return 0;
        }
        List<Prepared> prepared = prepare(units.subList(0, Math.min(capacity, units.size())));
        if (prepared.isEmpty()) {
            return 0;
        }
        Fees fees = chain.currentFees();
        long nonce = transactions.nextNonce(relayer).blockOptional().orElseThrow();
        List<OutboxTransaction> signed = new ArrayList<>();
        List<List<ChainRequest>> carried = new ArrayList<>();
        for (Prepared unit : prepared.subList(0, Math.min(capacity, prepared.size()))) {
            Instant now = clock.instant();
            TransactionAttempt attempt = chain.sign(unit.call(), nonce, unit.gasLimit(), fees, now);
            crashPoints.reached(SendStep.AFTER_SIGN);
            OutboxTransaction transaction = OutboxTransaction.signed(UUID.randomUUID().toString(), relayer, nonce,
                    unit.call(), unit.gasLimit(), attempt);
            List<ChainRequest> sent = unit.requests().stream().map(request -> request.sent(transaction.id(), now))
                    .toList();
            if (!Boolean.TRUE.equals(transactions.recordSigned(transaction, sent, owner, now).block())) {
                log.warn("nonce {} was not taken: the lease was lost or the nonce moved; standing by", nonce);
                holding = false;
                break;
            }
            crashPoints.reached(SendStep.AFTER_COMMIT);
            signed.add(transaction);
            carried.add(sent);
            nonce++;
        }
        List<Broadcast> answers = chain.broadcastAll(signed.stream().map(OutboxTransaction::latest).toList());
        crashPoints.reached(SendStep.AFTER_BROADCAST);
        for (int i = 0; i < signed.size(); i++) {
            afterFirstBroadcast(signed.get(i), carried.get(i), answers.get(i));
        }
        return signed.size();
    }

    /** A unit ready to sign: its call, the gas it needs, the requests it carries. */
    private record Prepared(ChainCall call, BigInteger gasLimit, List<ChainRequest> requests) {
    }

    /**
     * Simulates every unit in one round trip. A request that would revert fails with the decoded error and takes no
     * nonce; a batch of anchors that would revert is simulated again one anchor at a time.
     */
    private List<Prepared> prepare(List<List<ChainRequest>> units) {
        List<ChainCall> calls = units.stream().map(this::callOf).toList();
        List<Simulation> simulations = chain.prepare(calls);
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            List<ChainRequest> unit = units.get(i);
            Simulation simulation = simulations.get(i);
            if (simulation.gasLimit().isPresent()) {
                prepared.add(new Prepared(calls.get(i), simulation.gasLimit().get(), unit));
            } else if (unit.size() > 1) {
                log.info("a batch of {} anchors would revert ({}): sending them one by one", unit.size(),
                        simulation.revert().orElseThrow().code());
                prepared.addAll(prepare(unit.stream().map(List::of).toList()));
            } else {
                DomainException revert = simulation.revert().orElseThrow();
                database.inTransaction(fail(unit.get(0), revert.code(), revert.getMessage()).thenReturn(true))
                        .block();
            }
        }
        return prepared;
    }

    private ChainCall callOf(List<ChainRequest> unit) {
        return unit.size() == 1 ? unit.get(0).call().orElseThrow()
                : anchorBatch.apply(unit.stream().map(request -> request.call().orElseThrow()).toList());
    }

    private void afterFirstBroadcast(OutboxTransaction signed, List<ChainRequest> carried, Broadcast answer) {
        if (answer.outcome() == SendOutcome.NONCE_TOO_LOW) {
            long next = Math.max(chain.pendingNonce(), transactions.nextNonce(relayer).blockOptional().orElse(0L));
            log.warn("nonce {} is used already; its requests are sent again, from nonce {}", signed.nonce(), next);
            abandon(signed);
            transactions.setNextNonce(relayer, next).block();
        } else if (answer.outcome() == SendOutcome.REJECTED && !chain.isKnown(signed.latest().hash())) {
            cancel(signed, carried, answer.message());
        } else if (!answer.outcome().isInPool()) {
            // Hardhat, mining on arrival, answers a transaction that reverted with an error, yet mines it: the node
            // knows it, so its receipt (and the decoded revert) comes in the next round.
            log.warn("nonce {} not accepted yet ({}): it is re-sent and replaced while it waits", signed.nonce(),
                    answer.outcome());
        }
    }

    /**
     * Non-anchors go singly, one per account and round: an account's next signed message (its contract nonce) only
     * simulates well once the one before it is sent, so it waits for the next round. Anchors go in batches, once
     * the oldest waited the window or a batch is full.
     */
    private List<List<ChainRequest>> units(List<ChainRequest> waiting, Instant now) {
        List<List<ChainRequest>> units = new ArrayList<>();
        List<ChainRequest> anchors = new ArrayList<>();
        Set<EthAddress> accounts = new HashSet<>();
        for (ChainRequest request : waiting) {
            if (request.kind() == RelayKind.ANCHOR) {
                anchors.add(request);
            } else if (accounts.add(request.account())) {
                units.add(List.of(request));
            }
        }
        for (int from = 0; from < anchors.size(); from += policy.maxBatch()) {
            List<ChainRequest> batch = anchors.subList(from, Math.min(anchors.size(), from + policy.maxBatch()));
            boolean ready = batch.size() == policy.maxBatch()
                    || !batch.get(0).acceptedAt().plus(policy.batchWindow()).isAfter(now);
            if (ready) {
                units.add(List.copyOf(batch));
            }
        }
        return units;
    }

    /**
     * The node refuses this transaction for good, but its nonce is taken: the requests fail with the node's reason
     * and a cancel takes the nonce so that later ones are not stuck behind a gap.
     */
    private void cancel(OutboxTransaction signed, List<ChainRequest> carried, String reason) {
        Instant now = clock.instant();
        database.inTransaction(Flux.fromIterable(carried)
                .concatMap(request -> fail(request, ErrorCode.CHAIN_REJECTED_TRANSACTION.code(),
                        "The node refused the transaction: " + reason))
                .then().thenReturn(true)).block();
        replace(signed, true, now);
    }

    /**
     * Stores the transaction's new state and applies {@code move} to each request it carries that is in
     * {@code from}, in one database transaction; answers the requests moved, as they were before.
     */
    private List<ChainRequest> moveCarried(OutboxTransaction updated, ChainRequestStatus from,
            Function<ChainRequest, Mono<Void>> move) {
        List<ChainRequest> moved = new ArrayList<>();
        database.inTransaction(transactions.update(updated)
                .then(requests.carriedBy(updated.id())
                        .filter(request -> request.status() == from)
                        .concatMap(request -> move.apply(request).doOnSuccess(done -> moved.add(request)))
                        .then())
                .thenReturn(true)).block();
        return moved;
    }

    private List<OutboxTransaction> openTransactions() {
        return transactions.open(relayer).collectList().block();
    }
}
