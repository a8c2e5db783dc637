package io.healthkey.backend.application.port.out;

import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/**
 * Revocations this service accepted, derived from the outbox's requests in the database at every call: every replica
 * on the database sees one as soon as the request that accepts it is committed, and a restart forgets none.
 */
public interface PendingRevocationPort {

    /**
     * The grant slots of {@code patient} and {@code grantee} whose revocation was accepted here and that a view of the
     * chain up to block {@code upTo} does not include: not yet mined (ACCEPTED or SENT), or mined above {@code upTo}.
     * Failed revocations never count.
     */
    Flux<GrantKey> notIncludedUpTo(EthAddress patient, EthAddress grantee, long upTo);
}
