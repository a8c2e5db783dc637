package io.healthkey.backend.domain.recovery;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;

/**
 * One step of a recovery, in the patient's audit: who did what, when, for which request and device key. Never a
 * share, nor a signature.
 */
public record RecoveryEvent(EthAddress patient, String requestId, Kind kind, EthAddress actor,
        EncryptionPublicKey deviceKey, Instant at) {

    /** What happened. */
    public enum Kind {
        /** The patient asked its guardians for recovery to a device key. */
        REQUESTED,
        /** A guardian fetched the kit of a request naming it. */
        KIT_FETCHED,
        /** A guardian's signed, re-wrapped share was accepted. */
        SHARE_TRANSFERRED
    }

    public RecoveryEvent {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(deviceKey, "deviceKey");
        Objects.requireNonNull(at, "at");
    }

    public static RecoveryEvent of(RecoveryRequest request, Kind kind, EthAddress actor, Instant at) {
        return new RecoveryEvent(request.patient(), request.id(), kind, actor, request.deviceKey(), at);
    }
}
