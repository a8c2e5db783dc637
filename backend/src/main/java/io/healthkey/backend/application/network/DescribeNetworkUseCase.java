package io.healthkey.backend.application.network;

import io.healthkey.backend.domain.network.ContractAbis;
import io.healthkey.backend.domain.network.NetworkDescription;

/** Describes the chain and contracts this backend serves. */
public interface DescribeNetworkUseCase {

    NetworkDescription describe();

    /** The contracts' ABIs: with the addresses of {@link #describe()}, all a dApp needs to call them. */
    ContractAbis abis();
}
