// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice An attacker's contract that is no passkey account: it emits the guardian-recovery events of
/// {IAccountGuardianRecovery}, and a factory's {AccountCreated}, with whatever arguments it is given (a patient's
/// signer, a patient's account). The backend's index must keep none of them. It answers every ERC-1271 check with
/// yes, so that it can sign in and look at its own audit and session.
contract RecoveryEventForgerMock is IERC1271 {
    event AccountCreated(address indexed account, bytes32 qx, bytes32 qy, bytes32 salt);
    event GuardiansChanged(uint64 indexed round, address[] newGuardians, uint64 threshold);
    event RecoveryApproved(
        uint64 indexed round, address indexed guardian, bytes32 indexed signerHash, bytes32 qx, bytes32 qy,
        uint256 approvals
    );
    event RecoveryScheduled(uint64 indexed round, bytes32 qx, bytes32 qy, uint64 executableAt);
    event RecoveryExecuted(uint64 indexed round, bytes32 qx, bytes32 qy);

    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        return IERC1271.isValidSignature.selector;
    }

    /// @notice Claims that `account` was created (as a factory would), then runs a whole recovery to (`qx`, `qy`)
    /// naming `guardian`: every event a real account emits on the way, in one transaction.
    function forgeRecovery(address account, address guardian, bytes32 qx, bytes32 qy, uint64 round) external {
        emit AccountCreated(account, qx, qy, bytes32(0));
        address[] memory guardians = new address[](1);
        guardians[0] = guardian;
        emit GuardiansChanged(round, guardians, 1);
        emit RecoveryApproved(round, guardian, keccak256(abi.encode(qx, qy)), qx, qy, 1);
        emit RecoveryScheduled(round, qx, qy, uint64(block.timestamp));
        emit RecoveryExecuted(round, qx, qy);
    }
}
