package io.healthkey.backend.domain.consent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.IntentPayload;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * What a GRANT or REVOCATION chain request asks for, read back from the payload stored with it: the same terms the
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
        if (request.kind() != RelayKind.GRANT && request.kind() != RelayKind.REVOCATION) {
            return Optional.empty();
        }
        boolean revocation = request.kind() == RelayKind.REVOCATION;
        Map<String, String> terms = IntentPayload.parse(request.payload()).values();
        if (!terms.keySet().containsAll(revocation ? List.of("grantee", "scope", "action")
                : List.of("grantee", "scope", "action", "purpose", "expiresAt"))) {
            return Optional.empty();
        }
        GrantKey key = new GrantKey(request.patient(), EthAddress.parse(terms.get("grantee")),
                Bytes32.parse(terms.get("scope")), Integer.parseInt(terms.get("action")));
        if (revocation) {
            return Optional.of(new RequestedConsent(true, key, 0, 0));
        }
        return Optional.of(new RequestedConsent(false, key, Integer.parseInt(terms.get("purpose")),
                Long.parseLong(terms.get("expiresAt"))));
    }

    /** Whether {@code event} is the change this request asks for. */
    public boolean isMadeBy(ChainEvent.Consent event) {
        return event.revoked() == revocation && event.key().equals(key);
    }
}
