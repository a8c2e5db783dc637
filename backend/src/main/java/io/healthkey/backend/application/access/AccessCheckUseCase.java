package io.healthkey.backend.application.access;

import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * Permission checks: {@code ConsentRegistry.hasAccess}'s answer, from the event index when it is current, else from
 * the chain; a denial when neither can answer. A revocation counts as soon as it is indexed, and one this service
 * accepted from the moment it is accepted, on every replica; a grant only once it is deep enough.
 */
public interface AccessCheckUseCase {

    Mono<AccessDecision> check(AccessQuery query);

    /**
     * The revocation of {@code key} was just accepted (committed to the outbox): it counts on this replica at once,
     * without waiting to be read back from the database, as it does on the others once they read it there.
     */
    void markRevocationPending(GrantKey key);

    /**
     * {@code patient}'s revocation of {@code caregiver} was just accepted: as {@link #markRevocationPending}, for the
     * caregiver and for every grant it made for the patient (the grants the revocation ends on chain).
     */
    void markCaregiverRevocationPending(EthAddress patient, EthAddress caregiver);

    /**
     * A transaction this service sent was mined in block {@code blockNumber}: until the index holds that block,
     * checks are answered by the chain, so that what was just granted or revoked shows at once.
     */
    void observeMined(long blockNumber);
}
