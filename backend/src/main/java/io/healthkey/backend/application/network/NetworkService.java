package io.healthkey.backend.application.network;

import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.network.ContractAbis;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.network.NetworkDescription;

/** Describes the deployment this backend was configured with, and the contracts' ABIs it was built with. */
public final class NetworkService implements DescribeNetworkUseCase {

    private final NetworkDescription description;
    private final ContractAbis abis;

    public NetworkService(Deployment deployment, AccountContracts accounts, ConsentRegistryPort chain,
            ContractAbiPort contracts) {
        this.description = new NetworkDescription(deployment, chain.relayer(), accounts);
        this.abis = contracts.abis();
    }

    @Override
    public NetworkDescription describe() {
        return description;
    }

    @Override
    public ContractAbis abis() {
        return abis;
    }
}
