package io.healthkey.backend.application.consent;

import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.domain.chain.ChainRequest;
import reactor.core.publisher.Mono;

/**
 * What follows a NONCE_CANCELLATION request. CONFIRMED: it is journaled ({@link ConfirmedConsentJournal}); the
 * patient's requests signed with a nonce it voided were refused when accepted ({@link ConsentNonces}) or, sent by
 * another way, fail when sent, as the chain refuses their nonce. FAILED: nothing to undo, it stored nothing else.
 */
final class NonceCancellationEffects implements ChainRequestEffects {

    private final ConfirmedConsentJournal confirmations;

    NonceCancellationEffects(ConfirmedConsentJournal confirmations) {
        this.confirmations = confirmations;
    }

    @Override
    public Mono<Void> onConfirmed(ChainRequest request) {
        return confirmations.record(request);
    }

    @Override
    public Mono<Void> onFailed(ChainRequest request) {
        return Mono.empty();
    }
}
