package io.healthkey.backend.application.audit;

import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * What a grantee sees of the grants made to it: the patients who granted it access, and the records those grants
 * open. Paged like the audit lists ({@link PageRequest}). Errors: {@code AUDIT-0003} for anyone but the grantee;
 * {@code AUDIT-0001} for a cursor of another list, {@code AUDIT-0002} for a limit out of range.
 */
public interface GranteeViewUseCase {

    String GRANTS = "grants";
    String READABLE_RECORDS = "readable-records";

    /**
     * The grants to {@code grantee} that are live now: each grant slot's newest indexed event is an
     * {@code AccessGranted} that is confirmed (as deep as access checks require) and not expired. A revocation
     * counts as soon as it is indexed. Newest grant first.
     */
    Mono<Page<ChainEvent.Consent>> grants(EthAddress viewer, EthAddress grantee, PageRequest page);

    /**
     * The anchored record versions of {@code patient} that one of {@code grantee}'s live READ grants, or the scopes
     * of its live caregiver appointment with READ, cover and that the permission check allows {@code grantee} to
     * read now, highest serial first. Empty if the patient granted or appointed the grantee nothing live.
     */
    Mono<Page<AnchoredRecord>> readableRecords(EthAddress viewer, EthAddress grantee, EthAddress patient,
            PageRequest page);
}
