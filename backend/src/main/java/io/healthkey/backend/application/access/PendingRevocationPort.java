package io.healthkey.backend.application.access;

import io.healthkey.backend.domain.consent.PendingCaregiverRevocation;
import io.healthkey.backend.domain.consent.PendingRevocation;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/**
 * The revocations accepted by this service, on any replica, derived from the outbox's requests in the database: a
 * replica sees one once the request that accepts it is committed, and a restart forgets none.
 */
public interface PendingRevocationPort {

    /**
     * Every revocation request that is not FAILED and is either not mined (ACCEPTED or SENT) or mined above block
     * {@code minedAbove} (MINED or CONFIRMED).
     */
    Flux<PendingRevocation> accepted(long minedAbove);

    /** Every caregiver revocation request ({@code CAREGIVER_REVOCATION}) read as {@link #accepted} reads grants'. */
    Flux<PendingCaregiverRevocation> acceptedCaregiverRevocations(long minedAbove);

    /** The slots of every GRANT request {@code caregiver} signed for {@code patient} that is not FAILED. */
    Flux<GrantKey> grantsSignedBy(EthAddress patient, EthAddress caregiver);
}
