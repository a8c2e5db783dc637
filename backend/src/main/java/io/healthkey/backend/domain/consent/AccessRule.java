package io.healthkey.backend.domain.consent;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexAnswer;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;

/**
 * {@code ConsentRegistry.hasAccess}, evaluated on the index's projections at its head, with two deliberate
 * differences: a grant or a provider's (re)activation counts only once {@code confirmations} blocks are on top of
 * it, while a revocation, a suspension or a revocation announced as pending counts at once. The time an
 * {@code eth_call} runs at is the node's choice, never before the head's: the latest block's, the next one's, or the
 * wall clock's on an idle dev chain. So a grant expired {@code doubtSeconds} before the head's time is expired, one
 * expiring {@code doubtSeconds} after both the head's time and the wall clock is live, and between the two the chain
 * decides.
 *
 * @param wallTime now, seconds since the epoch
 * @param confirmations blocks that must be mined on top of a grant's block before it counts (0: at once)
 */
public record AccessRule(long headNumber, long headTime, long wallTime, long confirmations, long doubtSeconds) {

    /** The three grant slots that may open {@code query}'s record: the record, its category, all records. */
    public static List<Bytes32> scopesFor(AccessQuery query) {
        return List.of(query.record().toBytes32(),
                Bytes32.fromUint256(java.math.BigInteger.valueOf(query.record().category().code())),
                Bytes32.ZERO);
    }

    /**
     * @param grants the projection's rows for {@link #scopesFor}'s slots (missing slots: never granted)
     * @param provider the grantee's provider status, empty if it never changed
     * @param pendingRevocations scopes whose revocation is accepted but not yet indexed
     */
    public IndexAnswer decide(AccessQuery query, List<GrantState> grants, Optional<ProviderState> provider,
            Set<Bytes32> pendingRevocations) {
        if (!query.record().patient().equals(query.patient())) {
            return IndexAnswer.DENY;
        }
        if (query.isPatientsOwnRecord()) {
            return IndexAnswer.ALLOW;
        }
        ProviderStatus status = provider.map(ProviderState::status).orElse(ProviderStatus.NONE);
        if (status == ProviderStatus.SUSPENDED
                || status == ProviderStatus.ACTIVE && !isConfirmed(provider.get().blockNumber())
                || query.action() == Action.WRITE && status != ProviderStatus.ACTIVE) {
            return IndexAnswer.DENY;
        }
        long expiredUpTo = headTime - doubtSeconds;
        long liveFrom = Math.max(headTime, wallTime) + doubtSeconds;
        boolean doubt = false;
        boolean unsettled = false;
        for (GrantState grant : grants) {
            if (grant.revoked() || grant.expiresAt() <= expiredUpTo) {
                continue;
            }
            if (pendingRevocations.contains(grant.scope()) || !isConfirmed(grant.blockNumber())) {
                unsettled = true;
            } else if (grant.expiresAt() <= liveFrom) {
                doubt = true;
            } else {
                return IndexAnswer.ALLOW;
            }
        }
        // The chain would count an unconfirmed or pending-revoked slot: it can only settle a doubt on its own.
        return doubt && !unsettled ? IndexAnswer.ASK_CHAIN : IndexAnswer.DENY;
    }

    private boolean isConfirmed(long blockNumber) {
        return headNumber - blockNumber >= confirmations;
    }
}
