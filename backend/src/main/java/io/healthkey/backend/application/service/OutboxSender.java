package io.healthkey.backend.application.service;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

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
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.OutboxTransactionStatus;
import io.healthkey.backend.domain.chain.Receipt;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SendOutcome;
import io.healthkey.backend.domain.chain.SendStep;
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
     * what waits, within the in-flight limit.
     */
    public void tick() {
        Instant now = clock.instant();
        if (!Boolean.TRUE.equals(lease.acquire(relayer, owner, now, policy.leaseTtl()).block())) {
            holding = false;
            return;
        }
        if (!holding) {
            takeOver();
            holding = true;
        }
        int pending = follow();
        sendWaiting(policy.maxInFlight() - pending);
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

    /** Follows every open transaction; answers how many are still pending. */
    private int follow() {
        long latestBlock = chain.latestBlock();
        long minedNonce = chain.minedNonce();
        int pending = 0;
        for (OutboxTransaction open : openTransactions()) {
            OutboxTransaction now = open.status() == OutboxTransactionStatus.PENDING
                    ? followPending(open, minedNonce) : open;
            if (now.status() == OutboxTransactionStatus.MINED) {
                followMined(now, latestBlock);
            } else if (now.status() == OutboxTransactionStatus.PENDING) {
                pending++;
            }
        }
        return pending;
    }

    private OutboxTransaction followPending(OutboxTransaction open, long minedNonce) {
        Optional<Receipt> receipt = receiptOfAnyAttempt(open);
        if (receipt.isPresent()) {
            crashPoints.reached(SendStep.BEFORE_RECEIPT);
            return recordMined(open, receipt.get());
        }
        if (open.nonce() < minedNonce) {
            return abandon(open);
        }
        Instant now = clock.instant();
        if (open.isStuck(now, policy.stuckAfter())) {
            return replace(open, open.isCancelled(), now);
        }
        if (!chain.isKnown(open.latest().hash())) {
            Broadcast answer = chain.broadcast(open.latest());
            log.info("nonce {} was not in the node's pool: re-broadcast ({})", open.nonce(), answer.outcome());
        }
        return open;
    }

    private Optional<Receipt> receiptOfAnyAttempt(OutboxTransaction open) {
        List<TransactionAttempt> attempts = open.attempts();
        for (int i = attempts.size() - 1; i >= 0; i--) {
            Optional<Receipt> receipt = chain.receipt(attempts.get(i).hash());
            if (receipt.isPresent()) {
                return receipt;
            }
        }
        return Optional.empty();
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
        Mono<Void> work = transactions.update(mined)
                .then(requests.carriedBy(open.id())
                        .filter(request -> request.status() == ChainRequestStatus.SENT)
                        .concatMap(request -> revert.isPresent()
                                ? fail(request, revert.get().code(), revert.get().getMessage())
                                : settle(request.mined(receipt.transaction(), now)))
                        .then());
        database.inTransaction(work.thenReturn(true)).block();
        return mined;
    }

    private Mono<Void> settle(ChainRequest mined) {
        return requests.save(mined).then(effectsOf(mined).onMined(mined));
    }

    private Mono<Void> fail(ChainRequest request, String code, String detail) {
        ChainRequest failed = request.failed(code, detail, clock.instant());
        return requests.save(failed).then(effectsOf(failed).onFailed(failed))
                .doOnSuccess(done -> metrics.failed(code));
    }

    private ChainRequestEffects effectsOf(ChainRequest request) {
        return effects.getOrDefault(request.kind(), ChainRequestEffects.NONE);
    }

    /** Confirms once deep enough; goes back to pending when a reorganisation dropped its block. */
    private void followMined(OutboxTransaction mined, long latestBlock) {
        String hash = mined.mined().orElseThrow().transactionHash();
        Optional<Receipt> receipt = chain.receipt(hash);
        Instant now = clock.instant();
        if (receipt.isEmpty()) {
            log.warn("transaction {} (nonce {}) is no longer in a block: sending it again", hash, mined.nonce());
            OutboxTransaction unmined = mined.unmined(now);
            database.inTransaction(transactions.update(unmined)
                    .then(requests.carriedBy(mined.id())
                            .filter(request -> request.status() == ChainRequestStatus.MINED)
                            .concatMap(request -> requests.save(request.unmined(now))).then())
                    .thenReturn(true)).block();
            chain.broadcast(unmined.latest());
            return;
        }
        long depth = latestBlock - receipt.get().transaction().blockNumber() + 1;
        if (depth < policy.confirmations()) {
            return;
        }
        List<ChainRequest> confirmed = new ArrayList<>();
        database.inTransaction(transactions.update(mined.confirmed(now))
                .then(requests.carriedBy(mined.id())
                        .filter(request -> request.status() == ChainRequestStatus.MINED)
                        .map(request -> request.confirmed(now))
                        .concatMap(request -> requests.save(request).doOnSuccess(done -> confirmed.add(request)))
                        .then())
                .thenReturn(true)).block();
        confirmed.forEach(request -> metrics.confirmed(Duration.between(request.acceptedAt(), now)));
    }

    /** The nonce went to a transaction none of ours: the requests it carried wait to be signed again. */
    private OutboxTransaction abandon(OutboxTransaction open) {
        Instant now = clock.instant();
        log.warn("nonce {} of relayer {} was used by another transaction: its requests are sent again", open.nonce(),
                relayer);
        OutboxTransaction abandoned = open.abandoned(now);
        database.inTransaction(transactions.update(abandoned)
                .then(requests.carriedBy(open.id())
                        .filter(request -> request.status() == ChainRequestStatus.SENT)
                        .concatMap(request -> requests.save(request.requeued(now))).then())
                .thenReturn(true)).block();
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

    private void sendWaiting(int capacity) {
        if (capacity <= 0) {
            return;
        }
        List<ChainRequest> waiting = requests.waiting(capacity * policy.maxBatch()).collectList().block();
        for (List<ChainRequest> unit : units(waiting, clock.instant())) {
            if (capacity <= 0 || !holding) {
                return;
            }
            capacity -= send(unit);
        }
    }

    /** Non-anchors go singly; anchors in batches, once the oldest waited the window or a batch is full. */
    private List<List<ChainRequest>> units(List<ChainRequest> waiting, Instant now) {
        List<List<ChainRequest>> units = new ArrayList<>();
        List<ChainRequest> anchors = new ArrayList<>();
        for (ChainRequest request : waiting) {
            if (request.kind() == RelayKind.ANCHOR) {
                anchors.add(request);
            } else {
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

    /** Sends one unit (a request, or a batch of anchors); answers how many transactions it put in flight. */
    private int send(List<ChainRequest> unit) {
        ChainCall call = unit.size() == 1 ? unit.get(0).call().orElseThrow()
                : anchorBatch.apply(unit.stream().map(request -> request.call().orElseThrow()).toList());
        Optional<DomainException> revert = chain.simulate(call);
        if (revert.isPresent()) {
            if (unit.size() > 1) {
                log.info("a batch of {} anchors would revert ({}): sending them one by one", unit.size(),
                        revert.get().code());
                return unit.stream().mapToInt(request -> send(List.of(request))).sum();
            }
            database.inTransaction(fail(unit.get(0), revert.get().code(), revert.get().getMessage())
                    .thenReturn(true)).block();
            return 0;
        }
        return signAndBroadcast(call, unit);
    }

    private int signAndBroadcast(ChainCall call, List<ChainRequest> unit) {
        Instant now = clock.instant();
        BigInteger gasLimit = chain.gasLimit(call);
        var fees = chain.currentFees();
        long nonce = transactions.nextNonce(relayer).blockOptional().orElseThrow();
        TransactionAttempt attempt = chain.sign(call, nonce, gasLimit, fees, now);
        crashPoints.reached(SendStep.AFTER_SIGN);
        OutboxTransaction signed = OutboxTransaction.signed(UUID.randomUUID().toString(), relayer, nonce, call,
                gasLimit, attempt);
        List<ChainRequest> carried = unit.stream().map(request -> request.sent(signed.id(), now)).toList();
        if (!Boolean.TRUE.equals(transactions.recordSigned(signed, carried, owner, now).block())) {
            log.warn("nonce {} was not taken: the lease was lost or the nonce moved; standing by", nonce);
            holding = false;
            return 0;
        }
        crashPoints.reached(SendStep.AFTER_COMMIT);
        Broadcast answer = chain.broadcast(attempt);
        crashPoints.reached(SendStep.AFTER_BROADCAST);
        if (answer.outcome() == SendOutcome.NONCE_TOO_LOW) {
            long next = chain.pendingNonce();
            log.warn("nonce {} is used already; the outbox moves on to nonce {}", nonce, next);
            abandon(signed);
            transactions.setNextNonce(relayer, Math.max(next, nonce + 1)).block();
        } else if (answer.outcome() == SendOutcome.REJECTED) {
            cancel(signed, carried, answer.message());
        } else if (!answer.outcome().isInPool()) {
            log.warn("nonce {} not accepted yet ({}): it is re-sent and replaced while it waits", nonce,
                    answer.outcome());
        }
        return 1;
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

    private List<OutboxTransaction> openTransactions() {
        return transactions.open(relayer).collectList().block();
    }
}
