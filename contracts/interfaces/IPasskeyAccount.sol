// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IAccountGuardianRecovery} from "./IAccountGuardianRecovery.sol";

/// @notice A patient's smart account whose signer is a WebAuthn passkey (P-256). Its ERC-1271 signatures are
/// ERC-7739 nested typed data (replay-safe across accounts), so registries accept them like an EOA's. It needs no
/// bundler and no ETH: a relayer submits the signed messages, and {executeWithSig} runs the account's own calls
/// (guardian setup, cancelling a recovery) with a passkey signature.
interface IPasskeyAccount is IAccountGuardianRecovery {
    /// @notice The execution signature is not the current signer's.
    error PasskeyAccountInvalidSignature();
    /// @notice The execution signature's `deadline` has passed.
    error PasskeyAccountExpiredSignature(uint256 deadline);

    /// @notice Sets the passkey of a clone; the factory calls it in the transaction that deploys the clone.
    /// Requirements: not initialized before; (`qx`, `qy`) a P-256 public key.
    function initialize(bytes32 qx, bytes32 qy) external;

    /// @notice Runs an ERC-7821 batch (`mode` 0x01 00.., `executionData` abi.encode(Call[])) from this account,
    /// authorised by the signer's WebAuthn signature over the EIP-712
    /// Execute(bytes32 mode,bytes executionData,uint256 nonce,uint256 deadline) in this account's domain, with
    /// `nonce` = {executionNonce}. Anyone may relay it.
    /// Requirements: supported `mode`; `deadline` not passed; valid signature; every call succeeds.
    function executeWithSig(bytes32 mode, bytes calldata executionData, uint256 deadline, bytes calldata signature)
        external;

    /// @return the nonce the next {executeWithSig} signature must carry
    function executionNonce() external view returns (uint256);
}
