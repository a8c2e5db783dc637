package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

class RelayerCredentialsTest {

    private static final String DEV_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private static final String DEV_ADDRESS = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    @Test
    void acceptsARawDevKeyOnTheLocalProfile() {
        Credentials credentials = RelayerCredentials.load(new RelayerProperties(null, null, DEV_KEY), true);

        assertThat(credentials.getAddress()).isEqualTo(DEV_ADDRESS);
    }

    @Test
    void refusesARawKeyOutsideTheLocalProfile() {
        assertThatThrownBy(() -> RelayerCredentials.load(new RelayerProperties(null, null, DEV_KEY), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only accepted with the 'local' profile")
                .hasMessageNotContaining(DEV_KEY.substring(2));
    }

    @Test
    void opensAnEncryptedKeystoreAndRefusesAWrongPasswordWithoutEchoingIt(@TempDir Path dir) throws Exception {
        String file = WalletUtils.generateWalletFile("correct horse", Credentials.create(DEV_KEY).getEcKeyPair(),
                dir.toFile(), false);
        Path keystore = dir.resolve(file);

        assertThat(RelayerCredentials.load(new RelayerProperties(keystore, "correct horse", null), false).getAddress())
                .isEqualTo(DEV_ADDRESS);
        assertThatThrownBy(() -> RelayerCredentials.load(new RelayerProperties(keystore, "battery staple", null), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("battery staple");
    }

    @Test
    void explainsWhatIsMissingWithoutAnyKey() {
        assertThatThrownBy(() -> RelayerCredentials.load(new RelayerProperties(null, null, null), true))
                .hasMessageContaining("healthkey.relayer.keystore");
    }

    @Test
    void neverPrintsSecretsInItsToString() {
        assertThat(new RelayerProperties(Path.of("k.json"), "pw-secret", DEV_KEY).toString())
                .doesNotContain("pw-secret").doesNotContain(DEV_KEY);
    }
}
