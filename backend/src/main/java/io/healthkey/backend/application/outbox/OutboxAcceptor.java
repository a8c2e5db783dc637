package io.healthkey.backend.application.outbox;

import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The accepting side of the outbox: a request's call is simulated (a revert is answered at once with its decoded
 * error and stored nowhere; the gas it needs is kept with the request, so the sender signs it without simulating it
 * again), then stored in the same database transaction as the rows accepting it stores, before
 * the client is answered. The {@link io.healthkey.backend.application.outbox.OutboxSender} takes it from
 * there; {@link #onAccepted} wakes it. A request the account's {@link RelaySponsorship} no longer pays for is refused
 * inside that transaction, before anything is stored.
 */
public final class OutboxAcceptor {

    private final RelayerAccountPort chain;
    private final ChainRequestPort requests;
    private final TransactionPort database;
    private final Clock clock;
    private final Runnable onAccepted;
    private final RelaySponsorship sponsorship;

    /** An acceptor that pays for every request ({@link RelaySponsorship#unlimited()}): for tools and tests. */
    public OutboxAcceptor(RelayerAccountPort chain, ChainRequestPort requests, TransactionPort database, Clock clock,
            Runnable onAccepted) {
        this(chain, requests, database, clock, onAccepted, RelaySponsorship.unlimited());
    }

    public OutboxAcceptor(RelayerAccountPort chain, ChainRequestPort requests, TransactionPort database, Clock clock,
            Runnable onAccepted, RelaySponsorship sponsorship) {
        this.sponsorship = sponsorship;
        this.chain = chain;
        this.requests = requests;
        this.database = database;
        this.clock = clock;
        this.onAccepted = onAccepted;
    }

    /**
     * Emits the gas {@code call} needs now (one {@code eth_estimateGas}, with the relayer's margin), for
     * {@link #newRequest(RelayKind, EthAddress, EthAddress, String, ChainCall, Intent, BigInteger)}; fails
     * with the contract's decoded error if it would revert.
     */
    public Mono<BigInteger> simulate(ChainCall call) {
        return Mono.fromCallable(() -> chain.prepare(List.of(call)).get(0))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(simulation -> simulation.revert().isPresent() ? Mono.<BigInteger>error(simulation.revert()
                        .get()) : Mono.just(simulation.gasLimit().orElseThrow()));
    }

    /** A new request, not yet stored, whose call the sender estimates when it sends it (anchors, in batches). */
    public ChainRequest newRequest(RelayKind kind, EthAddress account, EthAddress patient, String subject,
            ChainCall call, Intent intent) {
        return ChainRequest.accepted(UUID.randomUUID().toString(), kind, account, patient, subject, call,
                intent, clock.instant());
    }

    /** A new request, not yet stored, with the gas {@link #simulate} found its call needs. */
    public ChainRequest newRequest(RelayKind kind, EthAddress account, EthAddress patient, String subject,
            ChainCall call, Intent intent, BigInteger gasLimit) {
        return newRequest(kind, account, patient, subject, call, intent).estimated(gasLimit);
    }

    /**
     * Stores {@code request} and whatever {@code alongside} stores, atomically; then wakes the sender. Fails with
     * {@code LIMIT-0002}, storing nothing, if the account's sponsorship budget is used up.
     */
    public Mono<ChainRequest> accept(ChainRequest request, Mono<Void> alongside) {
        return database.inTransaction(sponsorship.admit(request)
                        .then(Mono.defer(() -> requests.insert(request)))
                        .then(alongside)
                        .thenReturn(request))
                .doOnSuccess(accepted -> onAccepted.run());
    }

    /** Completes if a request of {@code kind} by {@code account} would be sponsored now (see {@link #accept}). */
    public Mono<Void> requireSponsorship(EthAddress account, RelayKind kind) {
        return sponsorship.require(account, kind);
    }
}
