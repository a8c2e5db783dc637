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
    private final RelayerNonces nonces;
    private final TransactionTransitions carried;
    private final FeeBumpReplacer replacements;

    BroadcastOutcomes(RelayerAccountPort chain, RelayerNonces nonces, TransactionTransitions carried,
            FeeBumpReplacer replacements) {
        this.chain = chain;
        this.nonces = nonces;
        this.carried = carried;
        this.replacements = replacements;
    }

    /** Acts on {@code answer} to the first broadcast of {@code signed}, which carries {@code requests}. */
    void handle(OutboxTransaction signed, List<ChainRequest> requests, Broadcast answer, Instant now) {
        if (answer.outcome() == SendOutcome.NONCE_TOO_LOW) {
            carried.requeue(signed);
            nonces.skipUsed(signed.nonce());
        } else if (answer.outcome() == SendOutcome.REJECTED && !chain.isKnown(signed.latest().hash())) {
            cancel(signed, requests, answer.message(), now);
        } else if (!answer.outcome().isInPool()) {
            // Hardhat, mining on arrival, answers a transaction that reverted with an error, yet mines it: the node
            // knows it, so its receipt (and the decoded revert) comes in the next round.
            log.warn("nonce {} not accepted yet ({}): it is re-sent and replaced while it waits", signed.nonce(),
                    answer.outcome());
        }
    }

    /**
     * The node refuses this transaction for good, but its nonce is taken: the requests fail with the node's reason
     * and a cancel takes the nonce so that later ones are not stuck behind a gap.
     */
    private void cancel(OutboxTransaction signed, List<ChainRequest> requests, String reason, Instant now) {
        carried.failAll(requests, ErrorCode.CHAIN_REJECTED_TRANSACTION.code(),
                "The node refused the transaction: " + reason);
        replacements.replace(signed, true, now);
    }
}
