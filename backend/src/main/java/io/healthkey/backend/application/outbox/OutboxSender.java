package io.healthkey.backend.application.outbox;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SendStep;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Sends the outbox: the only code that spends the relayer's nonces. One {@link #tick()} at a time, while this
 * instance holds the relayer's lease. A round is one reactive chain, each step subscribed once the one before has
 * ended: it follows what is open ({@link ReceiptFollower}), then signs and sends what waits
 * ({@link WaitingRequestSender}). It waits on nothing: the database ports answer when they answer, and the node's
 * synchronous calls run on the scheduler given for them ({@link BlockingCalls}), never on a driver's event loop.
 *
 * <p>Guarantees, with the database as the only memory:
 * <ul>
 * <li>Gap-free nonces: a nonce is taken in the database transaction that stores the transaction signed with it,
 *     before the broadcast ({@link RelayerNonces}); a crash after signing re-broadcasts the same raw transaction
 *     (same hash), so a request is never relayed twice.</li>
 * <li>Up to {@link OutboxPolicy#maxInFlight()} transactions pending at once; one unmined after
 *     {@link OutboxPolicy#stuckAfter()} is replaced with both fees 12.5% higher ({@link FeeBumpReplacer}).</li>
 * <li>A call that would revert fails its request with the decoded code before any nonce is taken. A signed one
 *     the node refuses for good is replaced by a cancel (zero-value self-transfer) so later nonces are not stuck
 *     ({@link BroadcastOutcomes}).</li>
 * <li>A request that carries a signed message ends as the chain says the message did, not as the relayer's own
 *     transaction did: CONFIRMED with someone else's transaction that sent it first, FAILED only once it can
 *     provably never land ({@link MessageOutcomes}).</li>
 * <li>A nonce found used by a transaction that is none of ours (the key used elsewhere) sends its requests again
 *     under a new nonce.</li>
 * <li>Anchors accepted within {@link OutboxPolicy#batchWindow()} go out in one batch transaction; a batch that
 *     would revert is split so that a bad anchor fails alone ({@link AnchorBatching}).</li>
 * <li>A request's status and side effects move in one database transaction, only from the status expected
 *     ({@link TransactionTransitions}): no effect is applied twice.</li>
 * </ul>
 */
public final class OutboxSender implements SendOutboxUseCase {

    private final OutboxPolicy policy;
    private final Clock clock;
    private final SenderLease lease;
    private final RelayerNonces nonces;
    private final ReceiptFollower follower;
    private final WaitingRequestSender waiting;

    /**
     * With {@code crashPoints} told of each {@link SendStep} (in production {@link CrashPointPort#NONE}; the fault
     * tests halt the process there), and the synchronous {@link RelayerAccountPort} called on {@code chainCalls}: the
     * single-threaded scheduler that runs the rounds. {@code messages} tells which calls carry a signed message and
     * what the chain says of it.
     */
    public OutboxSender(RelayerAccountPort chain, SignedMessagePort messages, ChainRequestPort requests,
            OutboxTransactionPort transactions,
            RelayerLeasePort lease, TransactionPort database, Map<RelayKind, ChainRequestEffects> effects,
            Function<List<ChainCall>, ChainCall> anchorBatch, OutboxPolicy policy, OutboxMetricsPort metrics,
            Clock clock, String owner, CrashPointPort crashPoints, Scheduler chainCalls) {
        this.policy = policy;
        this.clock = clock;
        BlockingCalls blocking = new BlockingCalls(chainCalls);
        this.lease = new SenderLease(lease, chain.relayer(), owner, policy.leaseTtl());
        this.nonces = new RelayerNonces(chain, blocking, transactions);
        TransactionTransitions carried = new TransactionTransitions(requests, transactions, database, effects, metrics,
                clock);
        FeeBumpReplacer replacements = new FeeBumpReplacer(chain, blocking, transactions);
        MessageOutcomes outcomes = new MessageOutcomes(messages, chain::latestBlock, policy);
        this.follower = new ReceiptFollower(chain, blocking, transactions, carried, replacements, outcomes, policy,
                clock, crashPoints);
        this.waiting = new WaitingRequestSender(chain, blocking, transactions, nonces, this.lease,
                new AnchorBatching(policy, anchorBatch), carried,
                new BroadcastOutcomes(chain, blocking, nonces, carried, replacements, outcomes), outcomes, policy,
                clock, crashPoints);
    }

    /** Whether this instance held the lease at its last tick. */
    public boolean isHolding() {
        return lease.isHolding();
    }

    /**
     * One round: renew the lease (or stand by), follow the pending and mined transactions, then sign and send
     * what waits, within the in-flight limit. Emits whether anything moved: the caller may go again at once.
     */
    @Override
    public Mono<Boolean> tick() {
        return Mono.defer(() -> lease.renew(clock.instant()))
                .flatMap(held -> held ? takeOverIfNew().then(Mono.defer(this::followThenSend)) : Mono.just(false));
    }

    /** Gives the lease up, so that another replica takes over at once. */
    @Override
    public Mono<Void> stop() {
        return lease.release();
    }

    private Mono<Void> takeOverIfNew() {
        return lease.isHolding() ? Mono.empty() : takeOver().doOnSuccess(done -> lease.tookOver());
    }

    /**
     * Starts sending for the relayer: the stored next nonce never goes below what the chain has mined, and every
     * pending transaction's latest attempt is broadcast again (a node restart or a crash may have lost it).
     */
    private Mono<Void> takeOver() {
        return nonces.resync().then(Mono.defer(follower::rebroadcastPending));
    }

    private Mono<Boolean> followThenSend() {
        return follower.follow().flatMap(followed -> waiting.send(policy.maxInFlight() - followed.pending())
                .map(sent -> followed.moved() || sent > 0));
    }
}
