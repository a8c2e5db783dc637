package io.healthkey.backend.application.network;

import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.network.NetworkDescription;

/** Describes the deployment this backend was configured with. */
public final class NetworkService implements DescribeNetworkUseCase {

    private final NetworkDescription description;

    public NetworkService(Deployment deployment, ConsentRegistryPort chain) {
        this.description = new NetworkDescription(deployment, chain.relayer());
    }

    @Override
    public NetworkDescription describe() {
        return description;
    }
}
