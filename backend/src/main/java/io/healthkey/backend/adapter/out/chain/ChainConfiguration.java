package io.healthkey.backend.adapter.out.chain;

import java.util.concurrent.TimeUnit;

import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import io.healthkey.backend.domain.network.Deployment;

/** Wires web3j: one HTTP client, the relayer's key, the deployment and the relay. */
@Configuration(proxyBeanMethods = false)
class ChainConfiguration {

    @Bean(destroyMethod = "shutdown")
    Web3j web3j(ChainProperties properties) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .build();
        return Web3j.build(new HttpService(properties.rpcUrl().toString(), http));
    }

    @Bean
    Deployment deployment(ChainProperties properties) {
        Deployment deployment = DeploymentFile.read(properties.deploymentFile(), properties.contracts());
        if (properties.chainId() != null && properties.chainId() != deployment.chainId()) {
            throw new IllegalStateException("healthkey.chain.chain-id is " + properties.chainId()
                    + " but the deployment file is for chain " + deployment.chainId());
        }
        return deployment;
    }

    @Bean
    TransactionRelay transactionRelay(Web3j web3j, Deployment deployment, ChainProperties chain,
            RelayerProperties relayer, Environment environment) {
        Credentials credentials = RelayerCredentials.load(relayer, environment.acceptsProfiles(Profiles.of("local")));
        long pollMillis = chain.receiptPollInterval().toMillis();
        int attempts = (int) Math.max(1, chain.receiptTimeout().toMillis() / Math.max(1, pollMillis));
        var receipts = new PollingTransactionReceiptProcessor(web3j, pollMillis, attempts);
        return new TransactionRelay(web3j, credentials, deployment.chainId(), receipts,
                new RevertDecoder(ContractErrorCatalog.fromClasspath()));
    }
}
