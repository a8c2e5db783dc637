package io.healthkey.backend.support.fakes;

import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;

/** An account and its encryption key: a fresh key per participant, so nobody opens what was wrapped for another. */
public record Participant(EthAddress address, EncryptionPrivateKey key) {

    public static Participant at(String address) {
        return new Participant(EthAddress.parse(address), EncryptionPrivateKey.generate());
    }

    public EncryptionPublicKey publicKey() {
        return key.publicKey();
    }
}
