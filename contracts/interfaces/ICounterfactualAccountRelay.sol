// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @notice Relays a signed call for a smart account that may not exist yet: deploys the account through its
/// factory first when it has no code, then makes the call, in one transaction, so that a patient whose account is
/// counterfactual (ERC-6492) needs no ETH and a relayer never pays for a deployment without its relay, nor the
/// other way round. It holds no funds and no role: anyone may call it.
interface ICounterfactualAccountRelay {
    /// @notice The factory call succeeded but `account` still has no code.
    error CounterfactualAccountRelayNotDeployed(address account, address factory);

    /// @notice Calls `factory` with `factoryCalldata` if `account` has no code (so an account deployed meanwhile,
    /// by anyone, is not deployed again), then `target` with `data`; a revert of either is bubbled up unchanged.
    /// Requirements: `account` has code after the factory call.
    /// @return result what `target` returned
    function deployAndCall(
        address account,
        address factory,
        bytes calldata factoryCalldata,
        address target,
        bytes calldata data
    ) external returns (bytes memory result);
}
