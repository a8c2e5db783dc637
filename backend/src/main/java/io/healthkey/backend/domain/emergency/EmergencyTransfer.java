package io.healthkey.backend.domain.emergency;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;

/**
 * A keyholder's share of the patient's emergency kit, re-wrapped for {@code requester}'s published encryption key and
 * signed by the keyholder, as accepted at {@code acceptedAt}. Ciphertext only: the service cannot open it.
 */
public record EmergencyTransfer(EthAddress requester, ShareTransferMessage message, AccountSignature signature,
        Instant acceptedAt) {

    public EmergencyTransfer {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}
