package io.healthkey.backend.application.outbox;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.SendStep;
import io.healthkey.backend.domain.chain.Simulation;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.backend.domain.error.DomainException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Signs and sends the requests that wait (ACCEPTED): grouped into units ({@link AnchorBatching}), simulated together
 * in one round trip, each signed with the next nonce, all stored with their nonces in one database transaction
 * before anything is broadcast, then broadcast together in nonce order. A request that would revert fails with the
 * decoded error before any nonce is taken, unless it carries a signed message that someone else may send: that
 * ends as the chain says ({@link MessageOutcomes}).
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
    private final BlockingCalls blocking;
    private final OutboxTransactionPort transactions;
    private final RelayerNonces nonces;
    private final SenderLease lease;
    private final AnchorBatching batching;
    private final TransactionTransitions carried;
    private final BroadcastOutcomes answers;
    private final MessageOutcomes outcomes;
    private final OutboxPolicy policy;
    private final Clock clock;
    private final CrashPointPort crashPoints;

    WaitingRequestSender(RelayerAccountPort chain, BlockingCalls blocking, OutboxTransactionPort transactions,
            RelayerNonces nonces, SenderLease lease, AnchorBatching batching, TransactionTransitions carried,
            BroadcastOutcomes answers, MessageOutcomes outcomes, OutboxPolicy policy, Clock clock,
            CrashPointPort crashPoints) {
        this.chain = chain;
        this.blocking = blocking;
        this.transactions = transactions;
        this.nonces = nonces;
        this.lease = lease;
        this.batching = batching;
        this.carried = carried;
        this.answers = answers;
        this.outcomes = outcomes;
        this.policy = policy;
        this.clock = clock;
        this.crashPoints = crashPoints;
    }

    /** Sends up to {@code capacity} transactions of what waits; emits how many went out. */
    Mono<Integer> send(int capacity) {
        if (capacity <= 0) {
            return Mono.just(0);
        }
        return carried.requests().waiting(capacity * policy.maxBatch()).collectList()
                .flatMap(waiting -> waiting.isEmpty() ? Mono.just(0) : sendUnitsOf(waiting, capacity));
    }

    private Mono<Integer> sendUnitsOf(List<ChainRequest> waiting, int capacity) {
        return carried.requests().sendingAccounts().collect(Collectors.toSet()).flatMap(sending -> {
            List<List<ChainRequest>> units = batching.units(waiting, clock.instant(), sending);
            if (units.isEmpty()) {
                return Mono.just(0);
            }
            return prepare(units.subList(0, Math.min(capacity, units.size())))
                    .flatMap(prepared -> prepared.isEmpty() ? Mono.just(0) : signStoreAndBroadcast(prepared));
        });
    }

    /**
     * Signs each unit with the next nonce, stores them all with their nonces in one database transaction, and only
     * then broadcasts them, in nonce order.
     */
    private Mono<Integer> signStoreAndBroadcast(List<Prepared> prepared) {
        return blocking.call(chain::currentFees)
                .flatMap(fees -> nonces.next()
                        .flatMap(first -> blocking.call(() -> signAll(prepared, fees, first, clock.instant()))))
                .flatMap(signed -> transactions.recordSigned(signed.transactions(), signed.sent(), lease.owner(),
                                signed.signedAt())
                        .map(Boolean.TRUE::equals).defaultIfEmpty(false)
                        .flatMap(stored -> stored ? broadcast(signed) : standBy(signed.first())));
    }

    /** Transactions signed with consecutive nonces from {@code first}, and the requests each carries. */
    private record SignedUnits(long first, Instant signedAt, List<OutboxTransaction> transactions,
            List<List<ChainRequest>> carriedBy) {

        List<ChainRequest> sent() {
            return carriedBy.stream().flatMap(List::stream).toList();
        }
    }

    private SignedUnits signAll(List<Prepared> prepared, Fees fees, long first, Instant now) {
        long nonce = first;
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
        return new SignedUnits(first, now, signed, carriedBy);
    }

    private Mono<Integer> standBy(long first) {
        log.warn("nonces from {} were not taken: the lease was lost or the nonce moved; standing by", first);
        lease.lost();
        return Mono.just(0);
    }

    /** The stored transactions to the node, in nonce order; then what each answer calls for. */
    private Mono<Integer> broadcast(SignedUnits signed) {
        crashPoints.reached(SendStep.AFTER_COMMIT);
        List<OutboxTransaction> transactions = signed.transactions();
        return blocking.call(() -> chain.broadcastAll(transactions.stream().map(OutboxTransaction::latest).toList()))
                .flatMap(broadcasts -> {
                    crashPoints.reached(SendStep.AFTER_BROADCAST);
                    return Flux.range(0, transactions.size())
                            .concatMap(i -> answers.handle(transactions.get(i), signed.carriedBy().get(i),
                                    broadcasts.get(i), clock.instant()))
                            .then();
                })
                .thenReturn(transactions.size());
    }

    /** A unit ready to sign: its call, the gas it needs, the requests it carries. */
    private record Prepared(ChainCall call, BigInteger gasLimit, List<ChainRequest> requests) {
    }

    /**
     * The units ready to sign, in order: those with a fresh acceptance estimate as they are, the others simulated
     * together in one round trip. A request that would revert fails with the decoded error and takes no nonce; a
     * batch of anchors that would revert is simulated again one anchor at a time.
     */
    private Mono<List<Prepared>> prepare(List<List<ChainRequest>> units) {
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
        return simulate(toSimulate).map(simulated -> {
            prepared.addAll(simulated);
            return prepared;
        });
    }

    private static Optional<BigInteger> freshEstimate(List<ChainRequest> unit, Instant now) {
        ChainRequest only = unit.get(0);
        return unit.size() == 1 && only.acceptedAt().plus(ESTIMATE_FRESH_FOR).isAfter(now) ? only.gasLimit()
                : Optional.empty();
    }

    private Mono<List<Prepared>> simulate(List<List<ChainRequest>> units) {
        if (units.isEmpty()) {
            return Mono.just(List.of());
        }
        List<ChainCall> calls = units.stream().map(batching::callOf).toList();
        return blocking.call(() -> chain.prepare(calls))
                .flatMapMany(simulations -> Flux.range(0, units.size())
                        .concatMap(i -> preparedOrFailed(units.get(i), calls.get(i), simulations.get(i))))
                .collectList();
    }

    /** The unit ready to sign; a batch that would revert, split; a single request that would revert, failed. */
    private Flux<Prepared> preparedOrFailed(List<ChainRequest> unit, ChainCall call, Simulation simulation) {
        if (simulation.gasLimit().isPresent()) {
            return Flux.just(new Prepared(call, simulation.gasLimit().get(), unit));
        }
        if (unit.size() > 1) {
            log.info("a batch of {} anchors would revert ({}): sending them one by one", unit.size(),
                    simulation.revert().orElseThrow().code());
            return simulate(unit.stream().map(List::of).toList()).flatMapIterable(prepared -> prepared);
        }
        DomainException revert = simulation.revert().orElseThrow();
        return blocking.call(() -> outcomes.judge(call))
                .flatMap(verdict -> endUnsendable(unit.get(0), revert, verdict))
                .onErrorResume(RuntimeException.class, failure -> {
                    log.warn("request {} would revert ({}) and its signed message could not be judged: {}",
                            unit.get(0).id(), revert.code(), failure.toString());
                    return Mono.empty();
                })
                .thenMany(Flux.empty());
    }

    /**
     * A request that would revert if sent now: it fails with the decoded error, unless it carries a signed message,
     * which ends as the chain says ({@link MessageOutcomes}); while that is undecided it waits, simulated again
     * next round.
     */
    private Mono<Void> endUnsendable(ChainRequest request, DomainException revert, MessageOutcomes.Verdict verdict) {
        if (verdict instanceof MessageOutcomes.Landed landed) {
            log.info("request {} would revert: its signed message is final in transaction {}, sent by someone else",
                    request.id(), landed.transaction().transactionHash());
            return carried.confirmLanded(request, landed.transaction());
        }
        if (verdict instanceof MessageOutcomes.NeverLands never) {
            return carried.failAll(List.of(request), never.code().code(), never.detail());
        }
        if (verdict instanceof MessageOutcomes.Undecided undecided) {
            log.info("request {} would revert ({}) and its signed message is undecided ({}): it waits",
                    request.id(), revert.code(), undecided.why());
            return Mono.empty();
        }
        return carried.failNow(request, revert);
    }
}
