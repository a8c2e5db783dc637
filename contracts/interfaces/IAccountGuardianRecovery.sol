// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @notice Guardian recovery of a passkey account's signer: `threshold` of the account's guardians approve, by
/// EIP-712 signatures anyone may relay, a new P-256 public key; after the recovery delay anyone executes the
/// rotation, and until then the account's current signer can cancel it. The account's address, and with it every
/// record and grant, does not change.
///
/// Approvals are bound to this account and chain (EIP-712 domain), to the current recovery round and to a
/// deadline. The round moves on when a recovery is executed or cancelled and when the guardians change, which
/// voids every approval given before.
interface IAccountGuardianRecovery {
    /// @notice The recovery that reached its threshold, executable from `executableAt` in round `round`.
    struct PendingRecovery {
        bytes32 qx;
        bytes32 qy;
        uint64 executableAt;
    }

    /// @notice `guardian` is the zero address, the account itself, or listed twice.
    error GuardianRecoveryInvalidGuardian(address guardian);
    /// @notice `threshold` is zero for a non-empty guardian list, or larger than the `guardians` count.
    error GuardianRecoveryInvalidThreshold(uint64 threshold, uint256 guardians);
    /// @notice `delay` lies outside [`minimum`, `maximum`].
    error GuardianRecoveryInvalidDelay(uint64 delay, uint64 minimum, uint64 maximum);
    /// @notice `account` is not one of the current guardians.
    error GuardianRecoveryNotGuardian(address account);
    /// @notice The signature is not `guardian`'s approval of this recovery in this round, account and chain.
    error GuardianRecoveryInvalidApproval(address guardian);
    /// @notice The approval's `deadline` has passed.
    error GuardianRecoveryExpiredApproval(uint256 deadline);
    /// @notice `guardian` already approved this key in this round: an approval counts once.
    error GuardianRecoveryAlreadyApproved(address guardian);
    /// @notice (`qx`, `qy`) is not a P-256 public key.
    error GuardianRecoveryInvalidSigner(bytes32 qx, bytes32 qy);
    /// @notice A recovery reached its threshold in `round`: it must be executed or cancelled first.
    error GuardianRecoveryAlreadyScheduled(uint64 round);
    /// @notice No recovery reached its threshold in the current round.
    error GuardianRecoveryNotScheduled();
    /// @notice The recovery delay has not passed: executable from `executableAt`.
    error GuardianRecoveryTimelocked(uint64 executableAt);

    /// @notice The guardians became `newGuardians` with threshold `threshold`; round `round` starts.
    event GuardiansChanged(uint64 indexed round, address[] newGuardians, uint64 threshold);
    /// @notice A recovery becomes executable `delay` seconds after it reaches its threshold.
    event RecoveryDelayChanged(uint64 delay);
    /// @notice `guardian` approved the signer (`qx`, `qy`) in `round`; `approvals` guardians have approved it.
    event RecoveryApproved(
        uint64 indexed round, address indexed guardian, bytes32 indexed signerHash, bytes32 qx, bytes32 qy,
        uint256 approvals
    );
    /// @notice The signer (`qx`, `qy`) reached the threshold in `round`; executable from `executableAt`.
    event RecoveryScheduled(uint64 indexed round, bytes32 qx, bytes32 qy, uint64 executableAt);
    /// @notice The account's signer became (`qx`, `qy`) by guardian recovery in `round`.
    event RecoveryExecuted(uint64 indexed round, bytes32 qx, bytes32 qy);
    /// @notice The account's signer cancelled `round`, and every approval given in it.
    event RecoveryCancelled(uint64 indexed round);

    /// @notice Replaces the guardians and the threshold, and starts a new round (earlier approvals and a scheduled
    /// recovery are void). An empty list with threshold 0 turns recovery off.
    /// Requirements: called by the account itself or its EntryPoint; no zero, self or repeated guardian;
    /// 1 <= `threshold` <= guardians (or both 0). Emits {GuardiansChanged}.
    function setGuardians(address[] calldata newGuardians, uint64 threshold) external;

    /// @notice Sets the delay between a recovery reaching its threshold and its execution. A recovery already
    /// scheduled keeps its time. Requirements: called by the account itself or its EntryPoint;
    /// MIN_RECOVERY_DELAY <= `delay` <= MAX_RECOVERY_DELAY. Emits {RecoveryDelayChanged}.
    function setRecoveryDelay(uint64 delay) external;

    /// @notice Counts `guardian`'s approval of the signer (`qx`, `qy`); anyone may relay it. The approval that
    /// reaches the threshold schedules the recovery.
    /// Requirements: no recovery scheduled; `deadline` not passed; `guardian` is a guardian; (`qx`, `qy`) is a
    /// P-256 key; `signature` is `guardian`'s (ECDSA, or ERC-1271 for a contract) over the EIP-712
    /// RecoveryApproval(uint64 round,bytes32 qx,bytes32 qy,uint256 deadline) in this account's domain; not counted
    /// before. Emits {RecoveryApproved}, and {RecoveryScheduled} at the threshold.
    function approveRecovery(address guardian, bytes32 qx, bytes32 qy, uint256 deadline, bytes calldata signature)
        external;

    /// @notice Rotates the account's signer to the scheduled key; anyone may call it.
    /// Requirements: a recovery is scheduled and its delay has passed. Emits {RecoveryExecuted}.
    function executeRecovery() external;

    /// @notice Ends the current round: a scheduled recovery and every approval given in it are void.
    /// Requirements: called by the account itself or its EntryPoint. Emits {RecoveryCancelled}.
    function cancelRecovery() external;

    /// @return the current guardians, in no particular order
    function guardians() external view returns (address[] memory);

    /// @return the number of guardian approvals a recovery needs (0: recovery is off)
    function recoveryThreshold() external view returns (uint64);

    /// @return seconds between a recovery reaching its threshold and its execution
    function recoveryDelay() external view returns (uint64);

    /// @return the current round, the first field of every approval
    function recoveryRound() external view returns (uint64);

    /// @return the recovery scheduled in the current round (all zero if none)
    function pendingRecovery() external view returns (PendingRecovery memory);

    /// @return how many guardians approved the signer (`qx`, `qy`) in the current round
    function recoveryApprovals(bytes32 qx, bytes32 qy) external view returns (uint256);
}
