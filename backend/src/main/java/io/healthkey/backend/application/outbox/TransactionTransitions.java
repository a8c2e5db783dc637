package io.healthkey.backend.application.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.DomainException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Moves a relayer transaction and the requests it carries together: the transaction's new state, each request's
 * new status and, when that status is final, the request's side effects ({@link ChainRequestEffects}) in one
 * database transaction. A request is only moved from the status the move expects, so a round repeated after a
 * crash moves nothing twice and no effect is applied twice.
 */
final class TransactionTransitions {

    private static final Logger log = LoggerFactory.getLogger(TransactionTransitions.class);

    private final ChainRequestPort requests;
    private final OutboxTransactionPort transactions;
    private final TransactionPort database;
    private final Map<RelayKind, ChainRequestEffects> effects;
    private final OutboxMetricsPort metrics;
    private final Clock clock;

    TransactionTransitions(ChainRequestPort requests, OutboxTransactionPort transactions, TransactionPort database,
            Map<RelayKind, ChainRequestEffects> effects, OutboxMetricsPort metrics, Clock clock) {
        this.requests = requests;
        this.transactions = transactions;
        this.database = database;
        this.effects = new EnumMap<>(RelayKind.class);
        this.effects.putAll(effects);
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * A transaction's new state, what happens to each request it carries that is in {@code from}, and what follows
     * once that is committed (given the requests moved, as they were before).
     */
    record Move(OutboxTransaction updated, ChainRequestStatus from, Function<ChainRequest, Mono<Void>> move,
            Consumer<List<ChainRequest>> afterCommit) {

        Move(OutboxTransaction updated, ChainRequestStatus from, Function<ChainRequest, Mono<Void>> move) {
            this(updated, from, move, moved -> { });
        }
    }

    /**
     * Stores the transaction's new state and applies {@code move} to each request it carries that is in
     * {@code from}, in one database transaction.
     */
    Mono<Void> move(OutboxTransaction updated, ChainRequestStatus from, Function<ChainRequest, Mono<Void>> move) {
        return moveAll(List.of(new Move(updated, from, move)));
    }

    /**
     * Every move in one database transaction (the requests of all read in one query): a round's receipts cost one
     * commit, not one per transaction. If that transaction fails, each move is tried alone, so that one bad move
     * does not hold the others up.
     */
    Mono<Void> moveAll(List<Move> moves) {
        if (moves.isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            Map<String, List<ChainRequest>> moved = new HashMap<>();
            return database.inTransaction(apply(moves, moved).thenReturn(true))
                    .onErrorResume(failure -> moves.size() > 1, failure -> moveEachAlone(moves, failure)
                            .thenReturn(false))
                    .doOnNext(together -> {
                        if (together) {
                            moves.forEach(move -> move.afterCommit()
                                    .accept(moved.getOrDefault(move.updated().id(), List.of())));
                        }
                    })
                    .then();
        });
    }

    private Mono<Void> moveEachAlone(List<Move> moves, Throwable failure) {
        log.warn("{} relayer transactions could not be stored together ({}); storing each alone", moves.size(),
                failure.toString());
        return Flux.fromIterable(moves).concatMap(this::moveAlone).then();
    }

    private Mono<Void> moveAlone(Move move) {
        return moveAll(List.of(move)).onErrorResume(failure -> {
            log.warn("nonce {} could not be stored this round: {}", move.updated().nonce(), failure.toString());
            return Mono.empty();
        });
    }

    private Mono<Void> apply(List<Move> moves, Map<String, List<ChainRequest>> moved) {
        Map<String, Move> byTransaction = new HashMap<>();
        moves.forEach(move -> byTransaction.put(move.updated().id(), move));
        return Flux.fromIterable(moves).concatMap(move -> transactions.update(move.updated()))
                .thenMany(requests.carriedByAny(byTransaction.keySet()))
                .concatMap(request -> {
                    Move move = byTransaction.get(request.outboxTransaction().orElseThrow());
                    if (request.status() != move.from()) {
                        return Mono.empty();
                    }
                    return move.move().apply(request).doOnSuccess(done -> moved
                            .computeIfAbsent(move.updated().id(), id -> new ArrayList<>()).add(request));
                })
                .then();
    }

    /** Stores {@code confirmed} (now CONFIRMED) and applies its side effects. */
    Mono<Void> confirm(ChainRequest confirmed) {
        return requests.save(confirmed).then(quietly(() -> effectsOf(confirmed).onConfirmed(confirmed), confirmed));
    }

    /**
     * {@link #confirm} for a request whose signed message landed in {@code landed}, another transaction than the
     * relayer's own: in one database transaction of its own.
     */
    Mono<Void> confirmLanded(ChainRequest request, MinedTransaction landed) {
        return database.inTransaction(Mono.defer(() -> confirm(request.landedIn(landed, clock.instant())))
                .thenReturn(true)).then();
    }

    /** Stores {@code request} as FAILED with {@code code} and undoes what accepting it stored. */
    Mono<Void> fail(ChainRequest request, String code, String detail) {
        ChainRequest failed = request.failed(code, detail, clock.instant());
        return requests.save(failed).then(quietly(() -> effectsOf(failed).onFailed(failed), failed))
                .doOnSuccess(done -> metrics.failed(code));
    }

    /** {@link ChainRequestEffects#onMinedRevert} of {@code request}'s kind, quietly. */
    Mono<Void> minedReverted(ChainRequest request, DomainException revert) {
        return quietly(() -> effectsOf(request).onMinedRevert(request, revert), request);
    }

    /** {@link #fail} for each of {@code carried}, in one database transaction of its own. */
    Mono<Void> failAll(List<ChainRequest> carried, String code, String detail) {
        return database.inTransaction(Flux.fromIterable(carried)
                .concatMap(request -> fail(request, code, detail))
                .then().thenReturn(true)).then();
    }

    /** {@link #fail} with the decoded revert, in one database transaction of its own. */
    Mono<Void> failNow(ChainRequest request, DomainException revert) {
        return failAll(List.of(request), revert.code(), revert.getMessage());
    }

    /**
     * The nonce went to a transaction none of ours: the requests it carried wait to be signed again. Emits the
     * transaction as stored, abandoned.
     */
    Mono<OutboxTransaction> requeue(OutboxTransaction open) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            log.warn("nonce {} of relayer {} was used by another transaction: its requests are sent again",
                    open.nonce(), open.relayer());
            OutboxTransaction abandoned = open.abandoned(now);
            return move(abandoned, ChainRequestStatus.SENT, request -> requests.save(request.requeued(now)))
                    .thenReturn(abandoned);
        });
    }

    ChainRequestPort requests() {
        return requests;
    }

    OutboxMetricsPort metrics() {
        return metrics;
    }

    private ChainRequestEffects effectsOf(ChainRequest request) {
        return effects.getOrDefault(request.kind(), ChainRequestEffects.NONE);
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
}
