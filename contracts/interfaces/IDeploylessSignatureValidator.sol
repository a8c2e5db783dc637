// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @notice The errors of {DeploylessSignatureValidator}, which is never deployed: its creation code, followed by
/// abi.encode(signer, digest, signature), is the data of an `eth_call` without `to`, and the call's return data is
/// one byte, 0x01 when `signer` signed `digest` by the registries' rule, 0x00 when not. A revert is a refusal too.
interface IDeploylessSignatureValidator {
    /// @notice The ERC-6492 factory call reverted with `reason`.
    error DeploylessSignatureValidatorFactoryFailed(address factory, bytes reason);
    /// @notice The ERC-6492 factory call succeeded but left `signer` without code: it deploys something else,
    /// somewhere else, or is not a factory on this chain.
    error DeploylessSignatureValidatorNotDeployed(address signer, address factory);
}
