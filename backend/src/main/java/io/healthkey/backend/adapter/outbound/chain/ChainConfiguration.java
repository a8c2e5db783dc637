package io.healthkey.backend.adapter.outbound.chain;

import java.util.concurrent.TimeUnit;

import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import io.healthkey.backend.application.emergency.EmergencyAccessPort;
import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.network.Deployment;

/** Wires web3j: one HTTP client, the relayer's key and account, the deployment and the relay. */
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
    AccountContracts accountContracts(ChainProperties properties) {
        return DeploymentFile.readAccounts(properties.deploymentFile());
    }

    @Bean
    CounterfactualAccountRelayAdapter counterfactualAccountRelay(AccountContracts contracts) {
        return new CounterfactualAccountRelayAdapter(contracts);
    }

    @Bean
    Credentials relayerCredentials(RelayerProperties relayer, Environment environment) {
        return RelayerCredentials.load(relayer, environment.acceptsProfiles(Profiles.of("local")));
    }

    @Bean
    TransactionRelay transactionRelay(Web3j web3j, Credentials relayer) {
        return new TransactionRelay(web3j, relayer.getAddress(),
                new RevertDecoder(ContractErrorCatalog.fromClasspath()));
    }

    /** The deployment's EmergencyAccess; {@link EmergencyAccessPort#NOT_DEPLOYED} for one from before it. */
    @Bean
    EmergencyAccessPort emergencyAccess(Web3j web3j, Deployment deployment, TransactionRelay relay) {
        return deployment.emergencyAccess()
                .<EmergencyAccessPort>map(address -> new EmergencyAccessAdapter(web3j, address, relay))
                .orElse(EmergencyAccessPort.NOT_DEPLOYED);
    }

    /** The only signer of the relayer's transactions: the outbox sender uses it. */
    @Bean
    RelayerAccountAdapter relayerAccount(Web3j web3j, Credentials relayer, Deployment deployment, TransactionRelay relay) {
        return new RelayerAccountAdapter(web3j, relayer, deployment.chainId(), relay);
    }
}
