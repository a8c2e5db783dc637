// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @notice Deploys passkey accounts as EIP-1167 clones at CREATE2 addresses derived from the passkey and a salt,
/// so that a client knows its address before it exists and a relayer (or an ERC-6492 verifier) can deploy it with
/// `createAccount` calldata alone.
///
/// Address: CREATE2(factory, keccak256(abi.encode(qx, qy, salt)), keccak256(EIP-1167 init code of
/// `accountImplementation`)). The key is part of the CREATE2 salt, so nobody can deploy another key's account at
/// that address, and the clone is initialized in the deploying transaction, so nobody can initialize it first.
interface IPasskeyAccountFactory {
    /// @notice The account for passkey (`qx`, `qy`) and `salt` was deployed at `account`.
    event AccountCreated(address indexed account, bytes32 qx, bytes32 qy, bytes32 salt);

    /// @notice Deploys the account for (`qx`, `qy`, `salt`), or returns it if it exists (idempotent).
    /// Requirements: (`qx`, `qy`) a P-256 public key. Emits {AccountCreated} when it deploys.
    function createAccount(bytes32 qx, bytes32 qy, bytes32 salt) external returns (address account);

    /// @return the address {createAccount} deploys (or deployed) for (`qx`, `qy`, `salt`)
    function predictAccount(bytes32 qx, bytes32 qy, bytes32 salt) external view returns (address);

    /// @return the account code every clone delegates to
    function accountImplementation() external view returns (address);
}
