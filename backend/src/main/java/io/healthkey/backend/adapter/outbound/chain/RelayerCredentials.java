package io.healthkey.backend.adapter.outbound.chain;

import java.io.IOException;

import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/** Loads the relayer's key: from an encrypted keystore, or a raw dev key on the local profile only. */
final class RelayerCredentials {

    private RelayerCredentials() {
    }

    static Credentials load(RelayerProperties properties, boolean localProfile) {
        if (properties.keystore() != null) {
            if (properties.keystorePassword() == null) {
                throw new IllegalStateException("healthkey.relayer.keystore-password is required with a keystore");
            }
            try {
                return WalletUtils.loadCredentials(properties.keystorePassword(), properties.keystore().toFile());
            } catch (IOException | CipherException e) {
                throw new IllegalStateException("Cannot open the relayer keystore " + properties.keystore()
                        + ": " + e.getClass().getSimpleName(), null);
            }
        }
        if (properties.devPrivateKey() != null) {
            if (!localProfile) {
                throw new IllegalStateException("healthkey.relayer.dev-private-key is only accepted with the "
                        + "'local' profile; use healthkey.relayer.keystore elsewhere");
            }
            return Credentials.create(properties.devPrivateKey());
        }
        throw new IllegalStateException("No relayer key: set healthkey.relayer.keystore (and -password)");
    }
}
