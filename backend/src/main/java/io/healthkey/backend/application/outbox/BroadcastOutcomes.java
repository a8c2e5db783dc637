package io.healthkey.backend.application.outbox;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.chain.Broadcast;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.SendOutcome;
import io.healthkey.backend.domain.error.ErrorCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the sender does with the node's answer to a transaction's first broadcast (the node's wording is classified
 * into a {@link SendOutcome} by the chain adapter). Accepted or in the pool: nothing, its receipt is followed. Nonce
 * used by another transaction: its requests are signed again under a new nonce. Refused for good: its requests
 * fail and a cancel takes the nonce. Anything else (the node unavailable, fees too low): it is re-sent and replaced
 * while it waits.
 */
final class BroadcastOutcomes {

    private static final Logger log = LoggerFactory.getLogger(BroadcastOutcomes.class);

    private final RelayerAccountPort chain;
    private final BlockingCalls blocking;
    private final RelayerNonces nonces;
    private final TransactionTransitions carried;
    private final FeeBumpReplacer replacements;
    private final MessageOutcomes outcomes;

    BroadcastOutcomes(RelayerAccountPort chain, BlockingCalls blocking, RelayerNonces nonces,
            TransactionTransitions carried, FeeBumpReplacer replacements, MessageOutcomes outcomes) {
        this.chain = chain;
        this.blocking = blocking;
        this.nonces = nonces;
        this.carried = carried;
        this.replacements = replacements;
        this.outcomes = outcomes;
    }

    /** Acts on {@code answer} to the first broadcast of {@code signed}, which carries {@code requests}. */
    Mono<Void> handle(OutboxTransaction signed, List<ChainRequest> requests, Broadcast answer, Instant now) {
        if (answer.outcome() == SendOutcome.NONCE_TOO_LOW) {
            return carried.requeue(signed).then(nonces.skipUsed(signed.nonce())).then();
        }
        if (answer.outcome() == SendOutcome.REJECTED) {
            return blocking.call(() -> chain.isKnown(signed.latest().hash())).flatMap(known -> {
                if (!known) {
                    return cancel(signed, requests, answer.message(), now);
                }
                warnNotInPoolYet(signed, answer);
                return Mono.empty();
            });
        }
        if (!answer.outcome().isInPool()) {
            warnNotInPoolYet(signed, answer);
        }
        return Mono.empty();
    }

    private static void warnNotInPoolYet(OutboxTransaction signed, Broadcast answer) {
        // Hardhat, mining on arrival, answers a transaction that reverted with an error, yet mines it: the node
        // knows it, so its receipt (and the decoded revert) comes in the next round.
        log.warn("nonce {} not accepted yet ({}): it is re-sent and replaced while it waits", signed.nonce(),
                answer.outcome());
    }

    /**
     * The node refuses this transaction for good, but its nonce is taken: the requests fail with the node's reason
     * (unless the signed message they carry is already final on chain, sent by someone else: they are CONFIRMED
     * with it) and a cancel takes the nonce so that later ones are not stuck behind a gap.
     */
    private Mono<Void> cancel(OutboxTransaction signed, List<ChainRequest> requests, String reason, Instant now) {
        return blocking.call(() -> outcomes.judge(signed.call()))
                .onErrorResume(RuntimeException.class, unjudged -> Mono.just(new MessageOutcomes.NotSigned()))
                .flatMap(verdict -> verdict instanceof MessageOutcomes.Landed landed
                        ? Flux.fromIterable(requests)
                                .concatMap(request -> carried.confirmLanded(request, landed.transaction())).then()
                        : carried.failAll(requests, ErrorCode.CHAIN_REJECTED_TRANSACTION.code(),
                                "The node refused the transaction: " + reason))
                .then(replacements.replace(signed, true, now)).then();
    }
}
