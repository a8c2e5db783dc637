package io.healthkey.backend.application.outbox;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.error.DomainException;
import reactor.core.publisher.Mono;

/**
 * What happens in this service's database once a request of one kind ends: the relay journal after a grant, the
 * keys dropped after a revocation, the record version marked anchored. Runs in the database transaction that
 * stores the request's final status, so it happens exactly once with it.
 *
 * <p>Only final outcomes have effects: a request merely MINED may still be dropped by a reorganisation (it then
 * goes back to SENT and is sent again), so nothing is applied for it until its block is
 * {@code healthkey.outbox.confirmations} deep. No effect is ever applied for a transaction that is not on chain,
 * and none needs undoing.
 */
public interface ChainRequestEffects {

    /** {@code request} is CONFIRMED, with its transaction: final on chain. */
    Mono<Void> onConfirmed(ChainRequest request);

    /** {@code request} FAILED, with its code: undo what accepting it stored. */
    Mono<Void> onFailed(ChainRequest request);

    /**
     * {@code request}'s transaction was mined as a revert ({@code revert}, decoded at its block), once, while the
     * signed message it carries may still land: the request does not end yet. Nothing by default.
     */
    default Mono<Void> onMinedRevert(ChainRequest request, DomainException revert) {
        return Mono.empty();
    }

    /** For kinds that need nothing. */
    ChainRequestEffects NONE = new ChainRequestEffects() {
        @Override
        public Mono<Void> onConfirmed(ChainRequest request) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> onFailed(ChainRequest request) {
            return Mono.empty();
        }
    };
}
