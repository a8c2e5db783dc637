package io.healthkey.backend.application.service;

import java.time.Clock;
import java.util.UUID;

import io.healthkey.backend.application.port.out.ChainRequestPort;
import io.healthkey.backend.application.port.out.RelayerChainPort;
import io.healthkey.backend.application.port.out.TransactionPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.IntentPayload;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The accepting side of the outbox: a request's call is simulated (a revert is answered at once with its decoded
 * error and stored nowhere), then stored in the same database transaction as the rows accepting it stores, before
 * the client is answered. The {@link io.healthkey.backend.application.service.outbox.OutboxSender} takes it from
 * there; {@link #onAccepted} wakes it.
 */
public final class OutboxAcceptor {

    private final RelayerChainPort chain;
    private final ChainRequestPort requests;
    private final TransactionPort database;
    private final Clock clock;
    private final Runnable onAccepted;

    public OutboxAcceptor(RelayerChainPort chain, ChainRequestPort requests, TransactionPort database, Clock clock,
            Runnable onAccepted) {
        this.chain = chain;
        this.requests = requests;
        this.database = database;
        this.clock = clock;
        this.onAccepted = onAccepted;
    }

    /** Completes when {@code call} would succeed now; fails with the contract's decoded error otherwise. */
    public Mono<Void> simulate(ChainCall call) {
        return Mono.fromCallable(() -> chain.simulate(call))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(revert -> revert.isPresent() ? Mono.<Void>error(revert.get()) : Mono.<Void>empty());
    }

    /** A new request, not yet stored. */
    public ChainRequest newRequest(RelayKind kind, EthAddress account, EthAddress patient, String subject,
            ChainCall call, IntentPayload payload) {
        return ChainRequest.accepted(UUID.randomUUID().toString(), kind, account, patient, subject, call,
                payload.format(), clock.instant());
    }

    /** Stores {@code request} and whatever {@code alongside} stores, atomically; then wakes the sender. */
    public Mono<ChainRequest> accept(ChainRequest request, Mono<Void> alongside) {
        return database.inTransaction(requests.save(request).then(alongside).thenReturn(request))
                .doOnSuccess(accepted -> onAccepted.run());
    }
}
