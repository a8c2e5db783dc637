package io.healthkey.backend.domain.consent;

import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;

/**
 * What a GRANT or REVOCATION chain request asks for, read from the intent stored with it: the same terms the
 * {@code AccessGranted} or {@code AccessRevoked} event it leads to will carry.
 *
 * @param purpose and {@code expiresAt} (seconds since the epoch): grants only, 0 for revocations
 */
public record RequestedConsent(boolean revocation, GrantKey key, int purpose, long expiresAt) {

    public RequestedConsent {
        Objects.requireNonNull(key, "key");
    }

    /**
     * The terms of a grant or revocation request; empty for one accepted before the outbox stored them with it
     * (migration V4), or of another kind.
     */
    public static Optional<RequestedConsent> of(ChainRequest request) {
        if (request.intent() instanceof GrantIntent grant) {
            return Optional.of(new RequestedConsent(false, new GrantKey(request.patient(), grant.grantee(),
                    grant.scope().toBytes32(), grant.action().code()), grant.purpose().code(),
                    grant.expiresAt().getEpochSecond()));
        }
        if (request.intent() instanceof RevocationIntent revocation) {
            return Optional.of(new RequestedConsent(true, new GrantKey(request.patient(), revocation.grantee(),
                    revocation.scope().toBytes32(), revocation.action().code()), 0, 0));
        }
        return Optional.empty();
    }

    /** Whether {@code event} is the change this request asks for. */
    public boolean isMadeBy(ChainEvent.Consent event) {
        return event.revoked() == revocation && event.key().equals(key);
    }
}
