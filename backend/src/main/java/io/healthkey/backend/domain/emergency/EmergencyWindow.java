package io.healthkey.backend.domain.emergency;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * A window {@code EmergencyWindowOpened} opened for {@code requester} on {@code patient}'s records, as the event index
 * holds it: from {@code openedAt} (its block's time) until {@code until}, unless closed before. Whether it still opens
 * a given record is the contract's to say ({@code hasEmergencyAccess}: the setup's scopes, a newer setup).
 */
public record EmergencyWindow(EthAddress patient, EthAddress requester, Instant openedAt, Instant until,
        Bytes32 reasonHash, String transactionHash) {

    public EmergencyWindow {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reasonHash, "reasonHash");
        Objects.requireNonNull(transactionHash, "transactionHash");
    }

    public boolean isOpenAt(Instant at) {
        return !at.isBefore(openedAt) && at.isBefore(until);
    }
}
