package io.healthkey.backend.domain.emergency;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * A requester's reason for breaking the glass, in clear: kept off chain for the patient's review, where the chain holds
 * only {@code hash} (keccak256 of the text's UTF-8 bytes). Never health data by design, but free text: shown to the
 * patient only.
 */
public record EmergencyReason(EthAddress patient, EthAddress requester, Bytes32 hash, String text, Instant at) {

    public EmergencyReason {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }
}
