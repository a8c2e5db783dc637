package io.healthkey.protocol.recovery;

import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import java.util.Objects;

/**
 * A share transfer {@link ShareTransfers#verify} accepted: signed by a guardian of the kit, for that kit and
 * patient, for the recovering key, before its deadline, on the kit's chain. Only {@code verify} makes one, so
 * {@link RecoveryKits#recover} cannot be handed a share nobody checked.
 */
public final class VerifiedShareTransfer {

    private final ShareTransferMessage message;
    private final EthSignature signature;

    VerifiedShareTransfer(ShareTransferMessage message, EthSignature signature) {
        this.message = Objects.requireNonNull(message, "message");
        this.signature = Objects.requireNonNull(signature, "signature");
    }

    public ShareTransferMessage message() {
        return message;
    }

    /** The guardian's signature, for the patient's audit. */
    public EthSignature signature() {
        return signature;
    }

    @Override
    public String toString() {
        return "Verified" + message;
    }
}
