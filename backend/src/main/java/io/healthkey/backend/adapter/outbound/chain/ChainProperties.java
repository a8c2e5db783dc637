package io.healthkey.backend.adapter.outbound.chain;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the chain is and which contracts to use. Contract addresses come from the deployment file the
 * deploy script writes; each may be overridden one by one (for example on a public chain).
 *
 * @param rpcUrl JSON-RPC endpoint of the node
 * @param chainId expected chain id; startup fails if the node or the deployment file disagree. Optional
 * @param deploymentFile {@code deployments/<chainId>.json}
 * @param contracts optional overrides of the addresses in the deployment file
 */
@ConfigurationProperties("healthkey.chain")
public record ChainProperties(
        @DefaultValue("http://127.0.0.1:8545") URI rpcUrl,
        Long chainId,
        @DefaultValue("deployments/31337.json") Path deploymentFile,
        @DefaultValue Contracts contracts) {

    public record Contracts(String participantDirectory, String consentRegistry, String recordRegistry,
            String readReceiptRoots) {
    }
}
