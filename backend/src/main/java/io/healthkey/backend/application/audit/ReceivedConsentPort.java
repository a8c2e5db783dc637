package io.healthkey.backend.application.audit;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/** The consent events the event index holds for one grantee: what a grantee's own view is folded from. */
public interface ReceivedConsentPort {

    /**
     * Every indexed {@code AccessGranted} and {@code AccessRevoked} naming {@code grantee}, from any patient, newest
     * first (block, then log). Only what the index holds: the events of blocks a reorganisation dropped are gone.
     */
    Flux<ChainEvent.Consent> consentEventsTo(EthAddress grantee);
}
