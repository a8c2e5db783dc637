package io.healthkey.backend.application.network;

import io.healthkey.backend.domain.network.ContractAbis;

/**
 * The ABIs of the deployed contracts. Guarantees: read from what the build compiled from the Solidity sources of
 * this very backend (never a hand-copied ABI), so they change with the contracts; every entry of every contract,
 * in the compiler's order.
 */
public interface ContractAbiPort {

    ContractAbis abis();
}
