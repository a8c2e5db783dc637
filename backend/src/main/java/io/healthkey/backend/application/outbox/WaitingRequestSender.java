package io.healthkey.backend.application.outbox;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.chain.Broadcast;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.SendStep;
import io.healthkey.backend.domain.chain.Simulation;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.protocol.EthAddress;

/**
 * Signs and sends the requests that wait (ACCEPTED): grouped into units ({@link AnchorBatching}), simulated together
 * in one round trip, each signed with the next nonce, all stored with their nonces in one database transaction
 * before anything is broadcast, then broadcast together in nonce order. A request that would revert fails with the
 * decoded error before any nonce is taken.
 *
 * <p>A request estimated at acceptance less than {@link #ESTIMATE_FRESH_FOR} ago is signed with that estimate and not
 * simulated again: the node's time is what limits a local chain, and the acceptance simulation was just made. The
 * rare request that turned invalid in between is mined as a revert and fails with the decoded error all the same
 * (at the cost of its gas); its nonce is used, so nothing is left with a gap.
 */
final class WaitingRequestSender {

    private static final Logger log = LoggerFactory.getLogger(WaitingRequestSender.class);
    /** How long an acceptance estimate stands in for a simulation before signing. */
    static final Duration ESTIMATE_FRESH_FOR = Duration.ofSeconds(10);

    private final RelayerAccountPort chain;
    private final OutboxTransactionPort transactions;
    private final RelayerNonces nonces;
    private final SenderLease lease;
    private final AnchorBatching batching;
    private final TransactionTransitions carried;
    private final BroadcastOutcomes answers;
    private final OutboxPolicy policy;
    private final Clock clock;
    private final CrashPointPort crashPoints;

    WaitingRequestSender(RelayerAccountPort chain, OutboxTransactionPort transactions, RelayerNonces nonces,
            SenderLease lease, AnchorBatching batching, TransactionTransitions carried, BroadcastOutcomes answers,
            OutboxPolicy policy, Clock clock, CrashPointPort crashPoints) {
        this.chain = chain;
        this.transactions = transactions;
        this.nonces = nonces;
        this.lease = lease;
        this.batching = batching;
        this.carried = carried;
        this.answers = answers;
        this.policy = policy;
        this.clock = clock;
        this.crashPoints = crashPoints;
    }

    /** Sends up to {@code capacity} transactions of what waits; answers how many went out. */
    int send(int capacity) {
        if (capacity <= 0) {
            return 0;
        }
        List<ChainRequest> waiting = carried.requests().waiting(capacity * policy.maxBatch()).collectList().block();
        if (waiting.isEmpty()) {
            return 0;
        }
        Set<EthAddress> sending = new HashSet<>(carried.requests().sendingAccounts().collectList().block());
        List<List<ChainRequest>> units = batching.units(waiting, clock.instant(), sending);
        if (units.isEmpty()) {
            return 0;
        }
        List<Prepared> prepared = prepare(units.subList(0, Math.min(capacity, units.size())));
        if (prepared.isEmpty()) {
            return 0;
        }
        Fees fees = chain.currentFees();
        long first = nonces.next();
        long nonce = first;
        Instant now = clock.instant();
        List<OutboxTransaction> signed = new ArrayList<>();
        List<List<ChainRequest>> carriedBy = new ArrayList<>();
        for (Prepared unit : prepared) {
            TransactionAttempt attempt = chain.sign(unit.call(), nonce, unit.gasLimit(), fees, now);
            crashPoints.reached(SendStep.AFTER_SIGN);
            OutboxTransaction transaction = OutboxTransaction.signed(UUID.randomUUID().toString(), chain.relayer(),
                    nonce, unit.call(), unit.gasLimit(), attempt);
            signed.add(transaction);
            carriedBy.add(unit.requests().stream().map(request -> request.sent(transaction.id(), now)).toList());
            nonce++;
        }
        List<ChainRequest> sent = carriedBy.stream().flatMap(List::stream).toList();
        if (!Boolean.TRUE.equals(transactions.recordSigned(signed, sent, lease.owner(), now).block())) {
            log.warn("nonces from {} were not taken: the lease was lost or the nonce moved; standing by", first);
            lease.lost();
            return 0;
        }
        crashPoints.reached(SendStep.AFTER_COMMIT);
        List<Broadcast> broadcasts = chain.broadcastAll(signed.stream().map(OutboxTransaction::latest).toList());
        crashPoints.reached(SendStep.AFTER_BROADCAST);
        for (int i = 0; i < signed.size(); i++) {
            answers.handle(signed.get(i), carriedBy.get(i), broadcasts.get(i), clock.instant());
        }
        return signed.size();
    }

    /** A unit ready to sign: its call, the gas it needs, the requests it carries. */
    private record Prepared(ChainCall call, BigInteger gasLimit, List<ChainRequest> requests) {
    }

    /**
     * The units ready to sign, in order: those with a fresh acceptance estimate as they are, the others simulated
     * together in one round trip. A request that would revert fails with the decoded error and takes no nonce; a
     * batch of anchors that would revert is simulated again one anchor at a time.
     */
    private List<Prepared> prepare(List<List<ChainRequest>> units) {
        Instant now = clock.instant();
        List<Prepared> prepared = new ArrayList<>();
        List<List<ChainRequest>> toSimulate = new ArrayList<>();
        for (List<ChainRequest> unit : units) {
            Optional<BigInteger> estimate = freshEstimate(unit, now);
            if (estimate.isPresent()) {
                prepared.add(new Prepared(batching.callOf(unit), estimate.get(), unit));
            } else {
                toSimulate.add(unit);
            }
        }
        prepared.addAll(simulate(toSimulate));
        return prepared;
    }

    private static Optional<BigInteger> freshEstimate(List<ChainRequest> unit, Instant now) {
        ChainRequest only = unit.get(0);
        return unit.size() == 1 && only.acceptedAt().plus(ESTIMATE_FRESH_FOR).isAfter(now) ? only.gasLimit()
                : Optional.empty();
    }

    private List<Prepared> simulate(List<List<ChainRequest>> units) {
        if (units.isEmpty()) {
            return List.of();
        }
        List<ChainCall> calls = units.stream().map(batching::callOf).toList();
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
                prepared.addAll(simulate(unit.stream().map(List::of).toList()));
            } else {
                DomainException revert = simulation.revert().orElseThrow();
                carried.failNow(unit.get(0), revert);
            }
        }
        return prepared;
    }
}
