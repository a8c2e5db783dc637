package io.healthkey.backend.application.service.outbox;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.port.out.CrashPointPort;
import io.healthkey.backend.application.port.out.OutboxTransactionPort;
import io.healthkey.backend.application.port.out.RelayerChainPort;
import io.healthkey.backend.domain.chain.Broadcast;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.SendStep;
import io.healthkey.backend.domain.chain.Simulation;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.backend.domain.error.DomainException;

/**
 * Signs and sends the requests that wait (ACCEPTED): grouped into units ({@link AnchorBatching}), simulated together
 * in one round trip, each signed with the next nonce and stored with it before anything is broadcast, then broadcast
 * together in nonce order. A request that would revert fails with the decoded error before any nonce is taken.
 */
final class WaitingRequestSender {

    private static final Logger log = LoggerFactory.getLogger(WaitingRequestSender.class);

    private final RelayerChainPort chain;
    private final OutboxTransactionPort transactions;
    private final RelayerNonces nonces;
    private final SenderLease lease;
    private final AnchorBatching batching;
    private final CarriedRequests carried;
    private final BroadcastAnswers answers;
    private final OutboxPolicy policy;
    private final Clock clock;
    private final CrashPointPort crashPoints;

    WaitingRequestSender(RelayerChainPort chain, OutboxTransactionPort transactions, RelayerNonces nonces,
            SenderLease lease, AnchorBatching batching, CarriedRequests carried, BroadcastAnswers answers,
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
        List<List<ChainRequest>> units = batching.units(waiting, clock.instant());
        if (units.isEmpty()) {
            return 0;
        }
        List<Prepared> prepared = prepare(units.subList(0, Math.min(capacity, units.size())));
        if (prepared.isEmpty()) {
            return 0;
        }
        Fees fees = chain.currentFees();
        long nonce = nonces.next();
        List<OutboxTransaction> signed = new ArrayList<>();
        List<List<ChainRequest>> carriedBy = new ArrayList<>();
        for (Prepared unit : prepared.subList(0, Math.min(capacity, prepared.size()))) {
            Instant now = clock.instant();
            TransactionAttempt attempt = chain.sign(unit.call(), nonce, unit.gasLimit(), fees, now);
            crashPoints.reached(SendStep.AFTER_SIGN);
            OutboxTransaction transaction = OutboxTransaction.signed(UUID.randomUUID().toString(), chain.relayer(),
                    nonce, unit.call(), unit.gasLimit(), attempt);
            List<ChainRequest> sent = unit.requests().stream().map(request -> request.sent(transaction.id(), now))
                    .toList();
            if (!Boolean.TRUE.equals(transactions.recordSigned(transaction, sent, lease.owner(), now).block())) {
                log.warn("nonce {} was not taken: the lease was lost or the nonce moved; standing by", nonce);
                lease.lost();
                break;
            }
            crashPoints.reached(SendStep.AFTER_COMMIT);
            signed.add(transaction);
            carriedBy.add(sent);
            nonce++;
        }
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
     * Simulates every unit in one round trip. A request that would revert fails with the decoded error and takes no
     * nonce; a batch of anchors that would revert is simulated again one anchor at a time.
     */
    private List<Prepared> prepare(List<List<ChainRequest>> units) {
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
                prepared.addAll(prepare(unit.stream().map(List::of).toList()));
            } else {
                DomainException revert = simulation.revert().orElseThrow();
                carried.failNow(unit.get(0), revert);
            }
        }
        return prepared;
    }
}
