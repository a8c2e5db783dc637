package io.healthkey.backend.application.consent;

import java.time.Clock;

import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayedTransaction;
import reactor.core.publisher.Mono;

/**
 * Notes a grant, revocation or nonce cancellation CONFIRMED on chain: access checks learn the block that holds it
 * (they ask the chain until the event index reaches that block, so the change shows at once), and the relay journal
 * lists its transaction for the patient.
 *
 * <p>As {@link ChainRequestEffects}, it is all that follows a NONCE_CANCELLATION request: journaled when CONFIRMED;
 * nothing to undo when FAILED, since it stored nothing else. The patient's requests signed with a nonce it voids were
 * refused when accepted ({@link ConsentNonces}) or, voided by a cancellation sent another way, fail when sent.
 */
final class ConfirmedConsentJournal implements ChainRequestEffects {

    private final AccessCheckUseCase access;
    private final RelayJournalPort journal;
    private final Clock clock;

    ConfirmedConsentJournal(AccessCheckUseCase access, RelayJournalPort journal, Clock clock) {
        this.access = access;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public Mono<Void> onConfirmed(ChainRequest request) {
        return record(request);
    }

    @Override
    public Mono<Void> onFailed(ChainRequest request) {
        return Mono.empty();
    }

    Mono<Void> record(ChainRequest confirmed) {
        MinedTransaction mined = confirmed.transaction().orElseThrow(() -> new IllegalStateException(
                "chain request " + confirmed.id() + " is confirmed without its transaction"));
        access.observeMined(mined.blockNumber());
        return journal.append(new RelayedTransaction(confirmed.kind(), confirmed.patient(), mined, clock.instant()));
    }
}
