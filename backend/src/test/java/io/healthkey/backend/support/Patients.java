package io.healthkey.backend.support;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;

import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

import org.web3j.utils.Numeric;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.TypedDataSigner;

/** Fresh wallets for tests: a patient needs no ETH, the relayer pays. */
public final class Patients {

    private Patients() {
    }

    public static TypedDataSigner newWallet() {
        try {
            return TypedDataSigner.fromKeyPair(Keys.createEcKeyPair());
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new IllegalStateException(e);
        }
    }

    public static EthAddress newAddress() {
        return newWallet().address();
    }

    public static ECKeyPair keyPair(String privateKeyHex) {
        return ECKeyPair.create(Numeric.toBigInt(privateKeyHex));
    }
}
