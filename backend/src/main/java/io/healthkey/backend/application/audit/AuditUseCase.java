package io.healthkey.backend.application.audit;

import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a patient may see of their own records: versions, readers, consent history, reads; and chain requests.
 *
 * <p>Every list comes in pages ({@link PageRequest}): each page names where the next one starts, by the sort key of
 * its last item, so items added meanwhile never shift a later page. Errors: {@code REQUEST-0007} for anyone but the
 * patient; {@code AUDIT-0001} for a cursor of another list or one whose key does not fit the list.
 */
public interface AuditUseCase {

    String RECORDS = "records";
    String CONSENTS = "consents";
    String READS = "reads";

    /**
     * The patient's record versions, highest serial first, each with who holds a wrapped key to it and whether the
     * availability audit found it at no replica location.
     */
    Mono<Page<AuditedRecord>> records(EthAddress viewer, EthAddress patient, PageRequest page);

    /**
     * The patient's grants and revocations: the requests accepted here whose event the index does not hold yet
     * (newest accepted first), then every {@code ConsentRegistry} event the index holds for the patient (however it
     * reached the chain), newest block first.
     */
    Mono<Page<ConsentChange>> consents(EthAddress viewer, EthAddress patient, PageRequest page);

    /**
     * Every attempt to read the patient's records, newest row first: single reads, and aggregates of the denied reads
     * of parties that hold no grant from the patient ({@link AuditedReadLog}). A read made through an emergency window
     * carries that window ({@link AuditedRead#emergency()}).
     */
    Mono<Page<AuditedRead>> reads(EthAddress viewer, EthAddress patient, PageRequest page);

    /** A chain request, to the account that made it and the patient it concerns only. */
    Mono<ChainRequest> chainRequest(EthAddress viewer, String id);

    /**
     * The chain request now, then each change of its status, completing once it is CONFIRMED or FAILED (or after
     * a bound on how long a stream stays open). Visible to the same accounts as {@link #chainRequest}.
     */
    Flux<ChainRequest> chainRequestChanges(EthAddress viewer, String id);
}
