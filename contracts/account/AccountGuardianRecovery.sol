// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Account} from "@openzeppelin/contracts/account/Account.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IAccountGuardianRecovery} from "../interfaces/IAccountGuardianRecovery.sol";

/// @notice {IAccountGuardianRecovery} for an {Account} whose signer is a P-256 key: the account implements
/// {_rotateSigner}. Guardians are addresses (EOAs, or contracts answering ERC-1271).
///
/// Not OpenZeppelin's MultiSignerERC7913: that is the account's *signer* (k signatures on one message, at once),
/// while a recovery needs approvals that arrive one by one, a time lock between the threshold and the effect, and
/// a veto by the signer it replaces; the account keeps its passkey as its only signer.
abstract contract AccountGuardianRecovery is Account, EIP712, IAccountGuardianRecovery {
    using EnumerableSet for EnumerableSet.AddressSet;

    bytes32 public constant RECOVERY_APPROVAL_TYPEHASH =
        keccak256("RecoveryApproval(uint64 round,bytes32 qx,bytes32 qy,uint256 deadline)");
    uint64 public constant MIN_RECOVERY_DELAY = 1 days;
    uint64 public constant MAX_RECOVERY_DELAY = 90 days;
    uint64 public constant DEFAULT_RECOVERY_DELAY = 3 days;

    EnumerableSet.AddressSet private _guardians;
    uint64 private _threshold;
    uint64 private _delay;
    uint64 private _round;
    PendingRecovery private _pending;
    /// keccak256(round, qx, qy) => approvals counted, and who gave them
    mapping(bytes32 proposal => uint256) private _approvalCount;
    mapping(bytes32 proposal => mapping(address guardian => bool)) private _approved;

    function setGuardians(address[] calldata newGuardians, uint64 threshold) external onlyEntryPointOrSelf {
        uint256 count = newGuardians.length;
        if (threshold == 0 ? count != 0 : threshold > count) {
            revert GuardianRecoveryInvalidThreshold(threshold, count);
        }
        _guardians.clear();
        for (uint256 i = 0; i < count; ++i) {
            address guardian = newGuardians[i];
            if (guardian == address(0) || guardian == address(this) || !_guardians.add(guardian)) {
                revert GuardianRecoveryInvalidGuardian(guardian);
            }
        }
        _threshold = threshold;
        _startRound();
        emit GuardiansChanged(_round, newGuardians, threshold);
    }

    function setRecoveryDelay(uint64 delay) external onlyEntryPointOrSelf {
        _setRecoveryDelay(delay);
    }

    function approveRecovery(address guardian, bytes32 qx, bytes32 qy, uint256 deadline, bytes calldata signature)
        external
    {
        uint64 round = _round;
        if (_pending.executableAt != 0) revert GuardianRecoveryAlreadyScheduled(round);
        if (block.timestamp > deadline) revert GuardianRecoveryExpiredApproval(deadline);
        if (!_guardians.contains(guardian)) revert GuardianRecoveryNotGuardian(guardian);
        if (!P256.isValidPublicKey(qx, qy)) revert GuardianRecoveryInvalidSigner(qx, qy);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(RECOVERY_APPROVAL_TYPEHASH, round, qx, qy, deadline)));
        if (!SignatureChecker.isValidSignatureNow(guardian, digest, signature)) {
            revert GuardianRecoveryInvalidApproval(guardian);
        }
        bytes32 proposal = _proposal(round, qx, qy);
        if (_approved[proposal][guardian]) revert GuardianRecoveryAlreadyApproved(guardian);
        _approved[proposal][guardian] = true;
        uint256 approvals = ++_approvalCount[proposal];
        emit RecoveryApproved(round, guardian, keccak256(abi.encode(qx, qy)), qx, qy, approvals);
        if (approvals == _threshold) {
            uint64 executableAt = uint64(block.timestamp) + _delay;
            _pending = PendingRecovery(qx, qy, executableAt);
            emit RecoveryScheduled(round, qx, qy, executableAt);
        }
    }

    function executeRecovery() external {
        PendingRecovery memory pending = _pending;
        if (pending.executableAt == 0) revert GuardianRecoveryNotScheduled();
        if (block.timestamp < pending.executableAt) revert GuardianRecoveryTimelocked(pending.executableAt);
        emit RecoveryExecuted(_round, pending.qx, pending.qy);
        _startRound();
        _rotateSigner(pending.qx, pending.qy);
    }

    function cancelRecovery() external onlyEntryPointOrSelf {
        emit RecoveryCancelled(_round);
        _startRound();
    }

    function guardians() external view returns (address[] memory) {
        return _guardians.values();
    }

    function recoveryThreshold() external view returns (uint64) {
        return _threshold;
    }

    function recoveryDelay() external view returns (uint64) {
        return _delay;
    }

    function recoveryRound() external view returns (uint64) {
        return _round;
    }

    function pendingRecovery() external view returns (PendingRecovery memory) {
        return _pending;
    }

    function recoveryApprovals(bytes32 qx, bytes32 qy) external view returns (uint256) {
        return _approvalCount[_proposal(_round, qx, qy)];
    }

    function _setRecoveryDelay(uint64 delay) internal {
        if (delay < MIN_RECOVERY_DELAY || delay > MAX_RECOVERY_DELAY) {
            revert GuardianRecoveryInvalidDelay(delay, MIN_RECOVERY_DELAY, MAX_RECOVERY_DELAY);
        }
        _delay = delay;
        emit RecoveryDelayChanged(delay);
    }

    /// @dev Makes (`qx`, `qy`) the account's signer. Called by {executeRecovery} only.
    function _rotateSigner(bytes32 qx, bytes32 qy) internal virtual;

    function _startRound() private {
        ++_round;
        delete _pending;
    }

    function _proposal(uint64 round, bytes32 qx, bytes32 qy) private pure returns (bytes32) {
        return keccak256(abi.encode(round, qx, qy));
    }
}
