package io.healthkey.protocol.recovery;

import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import java.util.Objects;

/** A guardian the patient names: its account and the encryption key it published in the directory. */
public record Guardian(EthAddress address, EncryptionPublicKey encryptionKey) {

    public Guardian {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
    }
}
