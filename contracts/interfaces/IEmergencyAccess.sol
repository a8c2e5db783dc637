// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IParticipantDirectory} from "./IParticipantDirectory.sol";
import {RecordId} from "../types/RecordId.sol";

/// @title Emergency access (break-glass)
/// @notice A patient prepares, ahead of time, k of n emergency keyholders (trusted contacts or accredited emergency
/// providers, at most {MAX_KEYHOLDERS}), a window length ({MIN_WINDOW} to {MAX_WINDOW}) and the scopes the window
/// opens (grant scopes: zero = all records, a category, or a record such as the emergency summary; 1 to
/// {MAX_SCOPES}). An active accredited provider requests access to the patient's records with purpose ETREAT (2) and
/// the hash of its reason (no health data on chain). Keyholders approve that request (by their own transaction or
/// a relayed EIP-712 signature) within {APPROVAL_PERIOD} of it; the k-th distinct approval opens a window of READ
/// access on the scopes for that requester until now + window length, which `ConsentRegistry.hasAccess` honours.
///
/// A request is identified by (patient, requester, round): each new request of a requester for a patient starts a
/// new round, which voids the earlier round's approvals; a round opens at most one window, so a window is never
/// extended without a new request and k new approvals. The patient can close a window or a pending request, and a
/// new setup closes every window of the patient (its scopes end with it). The patient's messages use the patient's
/// nonce ({nonces}); approvals are bound to their round and counted once per keyholder. The event of each signed
/// message begins with the message's fields, in its order.
interface IEmergencyAccess {
    /// @notice EIP-712 message: `patient` sets its keyholders, `threshold`, `windowLength` (seconds) and `scopes`.
    /// No keyholders and threshold zero turn emergency access off.
    struct EmergencySetup {
        address patient;
        address[] keyholders;
        uint8 threshold;
        uint32 windowLength;
        bytes32[] scopes;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 message: `requester` asks for emergency access to `patient`'s records.
    struct EmergencyRequest {
        address requester;
        address patient;
        uint16 purpose;
        bytes32 reasonHash;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 message: `keyholder` approves round `round` of `requester`'s request for `patient`.
    struct EmergencyApproval {
        address keyholder;
        address patient;
        address requester;
        uint32 round;
        uint256 deadline;
    }

    /// @notice EIP-712 message: `patient` closes `requester`'s window or pending request.
    struct EmergencyClosure {
        address patient;
        address requester;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice The signature is not by `signer`; `recovered` is what it recovers to (zero if malformed).
    error EmergencyAccessInvalidSigner(address signer, address recovered);
    /// @notice The signed message's `deadline` has passed.
    error EmergencyAccessExpiredSignature(uint256 deadline);
    /// @notice The signed message's nonce is not `account`'s next nonce (replayed or out of order).
    error EmergencyAccessInvalidNonce(address account, uint256 expected, uint256 given);
    /// @notice More than {MAX_KEYHOLDERS} keyholders.
    error EmergencyAccessTooManyKeyholders(uint256 count);
    /// @notice `keyholder` is the zero address, the patient, or named twice.
    error EmergencyAccessInvalidKeyholder(address keyholder);
    /// @notice `threshold` is not between 1 and the number of keyholders (or not zero when there are none).
    error EmergencyAccessInvalidThreshold(uint8 threshold, uint256 keyholders);
    /// @notice `windowLength` is outside {MIN_WINDOW}..{MAX_WINDOW}.
    error EmergencyAccessInvalidWindow(uint32 windowLength);
    /// @notice No scope, more than {MAX_SCOPES}, or a scope that is neither all, a category nor a record of `patient`.
    error EmergencyAccessInvalidScopes(address patient, uint256 count);
    /// @notice `patient` has no emergency setup (or turned it off).
    error EmergencyAccessNotConfigured(address patient);
    /// @notice `purpose` is not ETREAT (2).
    error EmergencyAccessInvalidPurpose(uint16 purpose);
    /// @notice The reason hash is zero.
    error EmergencyAccessMissingReason();
    /// @notice `requester` is not an active accredited provider (`status` None or Suspended).
    error EmergencyAccessUnaccreditedRequester(address requester, IParticipantDirectory.ProviderStatus status);
    /// @notice `requester` has no request for `patient`.
    error EmergencyAccessNoSuchRequest(address patient, address requester);
    /// @notice The approval names round `given`, but the request is in round `current`.
    error EmergencyAccessWrongRound(address patient, address requester, uint32 current, uint32 given);
    /// @notice The request's approval period ended at `approvalsUntil`: its approvals are void.
    error EmergencyAccessRequestExpired(address patient, address requester, uint64 approvalsUntil);
    /// @notice The patient changed its setup after the request: its approvals are void.
    error EmergencyAccessStaleRequest(address patient, address requester);
    /// @notice The round opened its window already, or the patient closed it.
    error EmergencyAccessRequestSettled(address patient, address requester, uint32 round);
    /// @notice `keyholder` is not a keyholder of `patient`'s current setup.
    error EmergencyAccessNotKeyholder(address patient, address keyholder);
    /// @notice `keyholder` is the requester: a requester never approves its own request.
    error EmergencyAccessSelfApproval(address keyholder);
    /// @notice `keyholder` approved this round already.
    error EmergencyAccessAlreadyApproved(address patient, address requester, address keyholder);
    /// @notice There is no open window nor pending request of `requester` for `patient` to close.
    error EmergencyAccessNothingToClose(address patient, address requester);

    /// @notice Emitted when `patient` sets its emergency setup, now in `version`; `threshold` zero turns it off.
    event EmergencySetupChanged(
        address indexed patient,
        address[] keyholders,
        uint8 threshold,
        uint32 windowLength,
        bytes32[] scopes,
        uint32 indexed version
    );
    /// @notice Emitted when `requester` asks for emergency access to `patient`'s records, in round `round`; keyholders
    /// may approve until `approvalsUntil`.
    event EmergencyAccessRequested(
        address indexed requester,
        address indexed patient,
        uint16 purpose,
        bytes32 reasonHash,
        uint32 indexed round,
        uint64 approvalsUntil
    );
    /// @notice Emitted when `keyholder` approves round `round`; `approvals` distinct approvals so far.
    event EmergencyAccessApproved(
        address indexed keyholder, address indexed patient, address indexed requester, uint32 round, uint8 approvals
    );
    /// @notice Emitted by the k-th approval: `requester` may READ the setup's scopes of `patient` until `until`.
    event EmergencyWindowOpened(address indexed patient, address indexed requester, uint64 until, bytes32 reasonHash);
    /// @notice Emitted when `patient` closes `requester`'s window, or its pending request, of round `round`.
    event EmergencyAccessClosed(address indexed patient, address indexed requester, uint32 round);

    /// @notice The caller sets its own emergency setup. Requirements: as {setupBySig} without the signature.
    /// Emits {EmergencySetupChanged}.
    function setup(address[] calldata keyholders, uint8 threshold, uint32 windowLength, bytes32[] calldata scopes)
        external;

    /// @notice Relays an emergency setup signed by the patient; it replaces the earlier one and closes every window.
    /// Requirements: signature by the patient, its next nonce, `deadline` not passed; at most {MAX_KEYHOLDERS}
    /// distinct keyholders, none zero nor the patient; 1 <= threshold <= keyholders (or none and zero); when on,
    /// a window length in bounds and 1 to {MAX_SCOPES} valid scopes. Emits {EmergencySetupChanged}.
    function setupBySig(EmergencySetup calldata emergencySetup, bytes calldata signature) external;

    /// @notice The caller, an active accredited provider, requests emergency access; starts a new round.
    /// Requirements: `patient` configured; purpose ETREAT; non-zero `reasonHash`. Emits {EmergencyAccessRequested}.
    function requestAccess(address patient, uint16 purpose, bytes32 reasonHash) external returns (uint32 round);

    /// @notice Relays a request signed by `request.requester`. Requirements: as {requestAccess}, plus signature,
    /// the requester's next nonce and deadline. Emits {EmergencyAccessRequested}.
    function requestAccessBySig(EmergencyRequest calldata request, bytes calldata signature)
        external
        returns (uint32 round);

    /// @notice The caller, a keyholder, approves round `round` of `requester`'s request for `patient`.
    /// Requirements: the request's current round, within its approval period, not settled, the patient's setup
    /// unchanged since; a keyholder of it, not the requester, not approved before. Emits {EmergencyAccessApproved},
    /// and {EmergencyWindowOpened} for the k-th approval.
    function approve(address patient, address requester, uint32 round) external;

    /// @notice Relays an approval signed by `approval.keyholder` (ECDSA or ERC-1271). Requirements: as {approve},
    /// plus signature and `deadline` (the round and the bitmap of approvals stop replays). Emits as {approve}.
    function approveBySig(EmergencyApproval calldata approval, bytes calldata signature) external;

    /// @notice The caller, a patient, closes `requester`'s open window and pending request.
    /// Requirements: one of them exists. Emits {EmergencyAccessClosed}.
    function close(address requester) external;

    /// @notice Relays a closure signed by the patient. Requirements: as {close}, plus signature, nonce, deadline.
    /// Emits {EmergencyAccessClosed}.
    function closeBySig(EmergencyClosure calldata closure, bytes calldata signature) external;

    /// @notice Whether `requester` may read `record` of `patient` now through an open emergency window.
    function hasEmergencyAccess(address patient, address requester, RecordId record) external view returns (bool);

    /// @notice The patient's current setup (all zero if never set).
    function setupOf(address patient)
        external
        view
        returns (uint32 version, uint8 threshold, uint8 keyholderCount, uint32 windowLength);

    /// @notice Whether `account` is a keyholder of `patient`'s current setup.
    function isKeyholder(address patient, address account) external view returns (bool);

    /// @notice The latest request of `requester` for `patient` and its window (`openUntil` zero or past: closed).
    function requestOf(address patient, address requester)
        external
        view
        returns (uint32 round, uint64 requestedAt, uint8 approvals, uint16 approvalBits, bool settled, uint64 openUntil);

    /// @notice The next nonce `account` must sign (setups, requests, closures).
    function nonces(address account) external view returns (uint256);

    /// @notice The most keyholders a setup may name (the approvals of a round are a 16-bit bitmap).
    function MAX_KEYHOLDERS() external view returns (uint256);
    /// @notice The most scopes a setup may name.
    function MAX_SCOPES() external view returns (uint256);
    /// @notice The shortest window, in seconds.
    function MIN_WINDOW() external view returns (uint32);
    /// @notice The longest window, in seconds.
    function MAX_WINDOW() external view returns (uint32);
    /// @notice How long after a request its approvals count, in seconds.
    function APPROVAL_PERIOD() external view returns (uint64);
}
