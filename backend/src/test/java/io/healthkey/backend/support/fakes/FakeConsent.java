package io.healthkey.backend.support.fakes;

import java.util.HashSet;
import java.util.Set;

import io.healthkey.backend.application.access.AccessChainPort;
import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * {@code ConsentRegistry.hasAccess} over category grants held in a set, answered at {@link #block}; both the chain
 * read and the check built on it. During an {@link #outage} no check can be answered: it fails, as the real check
 * fails with {@code CHAIN-0001} when neither the index nor the chain answers.
 */
public final class FakeConsent implements AccessCheckUseCase, AccessChainPort {

    public final Outage outage = new Outage();
    /** The block every answer is read at. */
    public long block = 1_000;
    private final Set<Grant> grants = new HashSet<>();

    private record Grant(EthAddress patient, EthAddress grantee, Category category, Action action) {
    }

    public void grant(EthAddress patient, EthAddress grantee, Category category, Action action) {
        grants.add(new Grant(patient, grantee, category, action));
    }

    public void revoke(EthAddress patient, EthAddress grantee, Category category, Action action) {
        grants.remove(new Grant(patient, grantee, category, action));
    }

    @Override
    public Mono<AccessDecision> hasAccess(AccessQuery query) {
        return outage.guard(() -> Mono.just(new AccessDecision(query, grants.contains(new Grant(query.patient(),
                query.grantee(), query.record().category(), query.action())), block)));
    }

    @Override
    public Mono<AccessDecision> check(AccessQuery query) {
        return hasAccess(query);
    }

    /** Grants here are revoked with {@link #revoke}: a pending revocation adds nothing the set does not say. */
    @Override
    public void markRevocationPending(GrantKey key) {
    }

    /** No caregivers here: nothing for a pending caregiver revocation to deny. */
    @Override
    public void markCaregiverRevocationPending(EthAddress patient, EthAddress caregiver) {
    }

    @Override
    public void observeMined(long blockNumber) {
        block = Math.max(block, blockNumber);
    }
}
