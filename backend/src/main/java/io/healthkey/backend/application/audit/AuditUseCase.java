package io.healthkey.backend.application.audit;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What a patient may see of their own records: versions, readers, consent history, reads; and chain requests. */
public interface AuditUseCase {

    /** The patient's record versions, newest first, each with who holds a wrapped key to it. */
    Flux<AuditedRecord> records(EthAddress viewer, EthAddress patient);

    /**
     * The patient's grants and revocations, newest first: every {@code ConsentRegistry} event the event index holds
     * for the patient (however it reached the chain), under the requests accepted here that it does not hold yet.
     */
    Flux<ConsentChange> consents(EthAddress viewer, EthAddress patient);

    Flux<LoggedRead> reads(EthAddress viewer, EthAddress patient);

    /** A chain request, to the account that made it and the patient it concerns only. */
    Mono<ChainRequest> chainRequest(EthAddress viewer, String id);

    /**
     * The chain request now, then each change of its status, completing once it is CONFIRMED or FAILED (or after
     * a bound on how long a stream stays open). Visible to the same accounts as {@link #chainRequest}.
     */
    Flux<ChainRequest> chainRequestChanges(EthAddress viewer, String id);
}
