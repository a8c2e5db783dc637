package io.healthkey.backend.support;

import java.security.GeneralSecurityException;

import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.TypedDataSigner;

/**
 * A test participant: a wallet key (signs sign-in messages and typed data) and a separate encryption key (opens
 * record keys wrapped for it), as a dApp would keep them.
 */
public record Wallet(ECKeyPair keyPair, EncryptionPrivateKey encryptionKey) {

    public static Wallet create() {
        try {
            return new Wallet(Keys.createEcKeyPair(), EncryptionPrivateKey.generate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Wallet of(String privateKeyHex) {
        return new Wallet(Patients.keyPair(privateKeyHex), EncryptionPrivateKey.generate());
    }

    public EthAddress address() {
        return EthAddress.parse("0x" + Keys.getAddress(keyPair));
    }

    public TypedDataSigner signer() {
        return TypedDataSigner.fromKeyPair(keyPair);
    }

    @Override
    public String toString() {
        return "Wallet[" + address() + "]";
    }
}
