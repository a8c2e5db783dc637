package io.healthkey.backend.domain.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.EthAddress;

/**
 * One grant or revocation in a patient's consent history.
 *
 * <p>{@link Status#MINED}: a {@code ConsentRegistry} event the event index holds, however it reached the chain
 * (relayed by this service, or sent by the patient's own wallet or any relayer with the patient's signature). It
 * leaves the history when a reorganisation drops its block. {@link Status#PENDING}: a request this service accepted
 * whose event the index does not hold yet: not yet sent, waiting in the node's pool, or mined in a block the index
 * has not reached.
 *
 * @param purpose grants: the on-chain purpose code, any non-zero {@code uint16} (not only those
 *        {@link io.healthkey.protocol.Purpose} names); 0 for revocations
 * @param expiresAt grants: seconds since the epoch, a {@code uint64} above {@link Long#MAX_VALUE} clamped to it; 0
 *        for revocations
 * @param event where the index holds the event: present exactly when MINED
 * @param request this service's request that carries the change: always when PENDING; when MINED, if it was
 *        relayed here
 * @param byCaregiver the caregiver that signed it for the patient; empty when the patient did
 */
public record ConsentChange(Kind kind, GrantKey key, int purpose, long expiresAt, Optional<LogPosition> event,
        Optional<ChainRequest> request, Optional<EthAddress> byCaregiver) {

    public enum Kind { GRANTED, REVOKED }

    public enum Status { MINED, PENDING }

    public ConsentChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(byCaregiver, "byCaregiver");
        if (event.isEmpty() && request.isEmpty()) {
            throw new IllegalArgumentException("a consent change is indexed, or requested here, or both");
        }
    }

    /** A change the patient signed, or whose signer is not known yet. */
    public ConsentChange(Kind kind, GrantKey key, int purpose, long expiresAt, Optional<LogPosition> event,
            Optional<ChainRequest> request) {
        this(kind, key, purpose, expiresAt, event, request, Optional.empty());
    }

    /** The same change, signed by {@code caregiver} for the patient. */
    public ConsentChange byCaregiver(EthAddress caregiver) {
        return new ConsentChange(kind, key, purpose, expiresAt, event, request, Optional.of(caregiver));
    }

    /** An indexed event, and the request of this service that sent it, if one did. */
    public static ConsentChange indexed(ChainEvent.Consent event, Optional<ChainRequest> relayedBy) {
        return new ConsentChange(event.revoked() ? Kind.REVOKED : Kind.GRANTED, event.key(), event.purpose(),
                event.expiresAt(), Optional.of(event.at()), relayedBy);
    }

    /** A grant or revocation request, asking for {@code requested}, whose event is not indexed (yet). */
    public static ConsentChange pending(ChainRequest request, RequestedConsent requested) {
        return new ConsentChange(requested.revocation() ? Kind.REVOKED : Kind.GRANTED, requested.key(),
                requested.purpose(), requested.expiresAt(), Optional.empty(), Optional.of(request));
    }

    public Status status() {
        return event.isPresent() ? Status.MINED : Status.PENDING;
    }

    /** When it happened: the block's timestamp once MINED; until then, when this service accepted the request. */
    public Instant at() {
        return event.map(position -> Instant.ofEpochSecond(position.blockTime()))
                .orElseGet(() -> request.orElseThrow().acceptedAt());
    }
}
