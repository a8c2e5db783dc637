package io.healthkey.backend.adapter.outbound.chain;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The relayer account that pays for patients' transactions.
 *
 * @param keystore an encrypted JSON keystore (v3, as web3j, ethers and geth write them)
 * @param keystorePassword its password; give it through the environment, never in a file in the repo
 * @param devPrivateKey a raw key, accepted only under the {@code local} profile, for dev chains whose
 *     keys are public anyway
 */
@ConfigurationProperties("healthkey.relayer")
public record RelayerProperties(Path keystore, String keystorePassword, String devPrivateKey) {

    @Override
    public String toString() {
        return "RelayerProperties[keystore=" + keystore + ", keystorePassword=***, devPrivateKey=***]";
    }
}
