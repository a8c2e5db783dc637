package io.healthkey.backend.support;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;

import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.TypedDataSigner;

/** Fresh wallets for tests: a patient needs no ETH, the relayer pays. */
public final class Patients {

    private Patients() {
    }

    public static TypedDataSigner newWallet() {
        return TypedDataSigner.fromKeyPair(newKeyPair());
    }

    public static EthAddress newAddress() {
        return newWallet().address();
    }

    public static ECKeyPair keyPair(String privateKeyHex) {
        return ECKeyPair.create(Numeric.toBigInt(privateKeyHex));
    }

    public static ECKeyPair newKeyPair() {
        try {
            return Keys.createEcKeyPair();
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code key}'s 65-byte {@code r ‖ s ‖ v} signature of the 32-byte {@code digest} itself: what a contract
     * wallet's owner signs, with a key that is not the account's (a {@link TypedDataSigner} refuses that).
     */
    public static byte[] signDigest(ECKeyPair key, byte[] digest) {
        Sign.SignatureData signature = Sign.signMessage(digest, key, false);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return bytes;
    }
}
