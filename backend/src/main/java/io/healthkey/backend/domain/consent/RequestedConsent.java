package io.healthkey.backend.domain.consent;

import java.util.Objects;

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

    /** @throws IllegalArgumentException if {@code request} is neither a grant nor a revocation */
    public static RequestedConsent of(ChainRequest request) {
        if (request.kind() != RelayKind.GRANT && request.kind() != RelayKind.REVOCATION) {
            throw new IllegalArgumentException("request " + request.id() + " is a " + request.kind()
                    + ", not a consent change");
        }
        IntentPayload payload = IntentPayload.parse(request.payload());
        GrantKey key = new GrantKey(request.patient(), EthAddress.parse(payload.require("grantee")),
                Bytes32.parse(payload.require("scope")), Integer.parseInt(payload.require("action")));
        if (request.kind() == RelayKind.REVOCATION) {
            return new RequestedConsent(true, key, 0, 0);
        }
        return new RequestedConsent(false, key, Integer.parseInt(payload.require("purpose")),
                Long.parseLong(payload.require("expiresAt")));
    }

    /** Whether {@code event} is the change this request asks for. */
    public boolean isMadeBy(ChainEvent.Consent event) {
        return event.revoked() == revocation && event.key().equals(key);
    }
}
