// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IEmergencyAccess} from "./interfaces/IEmergencyAccess.sol";
import {IParticipantDirectory} from "./interfaces/IParticipantDirectory.sol";
import {RecordId} from "./types/RecordId.sol";
import {Scope} from "./types/Scope.sol";
import {SignatureVerifier} from "./utils/SignatureVerifier.sol";

/// @title Emergency access (break-glass)
/// @notice See {IEmergencyAccess}. Deployed by `ConsentRegistry`, whose `hasAccess` asks {hasEmergencyAccess}.
/// A setup is one slot per patient plus one slot per keyholder and per scope, keyed by the setup's version so that a
/// new setup needs no deletion. A request of (patient, requester) is one packed slot (round, approval bitmap and
/// count, window) and its reason hash: an approval rewrites that one slot, and the one that opens the window too.
contract EmergencyAccess is IEmergencyAccess, EIP712 {
    uint16 public constant ETREAT = 2;
    uint256 public constant MAX_KEYHOLDERS = 16;
    uint256 public constant MAX_SCOPES = 8;
    uint32 public constant MIN_WINDOW = 15 minutes;
    uint32 public constant MAX_WINDOW = 3 days;
    uint64 public constant APPROVAL_PERIOD = 12 hours;

    bytes32 private constant _SETUP_TYPEHASH = keccak256(
        "EmergencySetup(address patient,address[] keyholders,uint8 threshold,uint32 windowLength,bytes32[] scopes,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant _REQUEST_TYPEHASH = keccak256(
        "EmergencyRequest(address requester,address patient,uint16 purpose,bytes32 reasonHash,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant _APPROVAL_TYPEHASH = keccak256(
        "EmergencyApproval(address keyholder,address patient,address requester,uint32 round,uint256 deadline)"
    );
    bytes32 private constant _CLOSURE_TYPEHASH =
        keccak256("EmergencyClosure(address patient,address requester,uint256 nonce,uint256 deadline)");
    
    struct Setup {
        uint32 version;
        uint8 threshold;
        uint8 keyholderCount;
        uint32 windowLength;
    }

    /// @dev `setupVersion`: the setup the pending round was requested under; `windowVersion`: the one its window
    /// opened under (the window's scopes are that setup's, and end with it).
    struct Request {
        uint64 requestedAt;
        uint64 openUntil;
        uint32 round;
        uint32 setupVersion;
        uint32 windowVersion;
        uint16 approvalBits;
        uint8 approvals;
        bool settled;
    }

    // `directory()` is part of the ABI
    // solhint-disable-next-line immutable-vars-naming
    IParticipantDirectory public immutable directory;

    mapping(address patient => Setup) private _setups;
    /// @dev keccak256(patient, version, keyholder) => its index + 1 (zero: not a keyholder)
    mapping(bytes32 keyholderKey => uint8) private _keyholderIndex;
    /// @dev keccak256(patient, version, scope) => whether the setup opens that scope
    mapping(bytes32 scopeKey => bool) private _scopes;
    /// @dev keccak256(patient, requester)
    mapping(bytes32 requestKey => Request) private _requests;
    mapping(bytes32 requestKey => bytes32) private _reasonHashes;
    mapping(address account => uint256) private _nonces;

    constructor(IParticipantDirectory directory_) EIP712("HealthKey EmergencyAccess", "1") {
        directory = directory_;
    }

    function setup(address[] calldata keyholders, uint8 threshold, uint32 windowLength, bytes32[] calldata scopes)
        external
    {
        _setup(msg.sender, keyholders, threshold, windowLength, scopes);
    }

    function setupBySig(EmergencySetup calldata s, bytes calldata signature) external {
        bytes32 structHash = keccak256(
            abi.encode(
                _SETUP_TYPEHASH,
                s.patient,
                keccak256(abi.encodePacked(s.keyholders)),
                s.threshold,
                s.windowLength,
                keccak256(abi.encodePacked(s.scopes)),
                s.nonce,
                s.deadline
            )
        );
        _checkSignature(s.patient, s.nonce, s.deadline, structHash, signature);
        _setup(s.patient, s.keyholders, s.threshold, s.windowLength, s.scopes);
    }

    function requestAccess(address patient, uint16 purpose, bytes32 reasonHash) external returns (uint32) {
        return _request(msg.sender, patient, purpose, reasonHash);
    }

    function requestAccessBySig(EmergencyRequest calldata request, bytes calldata signature)
        external
        returns (uint32)
    {
        _checkSignature(
            request.requester,
            request.nonce,
            request.deadline,
            keccak256(abi.encode(_REQUEST_TYPEHASH, request)),
            signature
        );
        return _request(request.requester, request.patient, request.purpose, request.reasonHash);
    }

    function approve(address patient, address requester, uint32 round) external {
        _approve(msg.sender, patient, requester, round);
    }

    function approveBySig(EmergencyApproval calldata approval, bytes calldata signature) external {
        if (block.timestamp > approval.deadline) revert EmergencyAccessExpiredSignature(approval.deadline);
        address keyholder = approval.keyholder;
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(_APPROVAL_TYPEHASH, approval)));
        (bool valid, address recovered) = SignatureVerifier.verify(keyholder, digest, signature);
        if (!valid) revert EmergencyAccessInvalidSigner(keyholder, recovered);
        _approve(keyholder, approval.patient, approval.requester, approval.round);
    }

    function close(address requester) external {
        _close(msg.sender, requester);
    }

    function closeBySig(EmergencyClosure calldata closure, bytes calldata signature) external {
        _checkSignature(
            closure.patient,
            closure.nonce,
            closure.deadline,
            keccak256(abi.encode(_CLOSURE_TYPEHASH, closure)),
            signature
        );
        _close(closure.patient, closure.requester);
    }

    function hasEmergencyAccess(address patient, address requester, RecordId record) external view returns (bool) {
        Request storage request = _requests[_requestKey(patient, requester)];
        if (block.timestamp >= request.openUntil) return false;
        uint32 version = request.windowVersion;
        if (version != _setups[patient].version || record.patient() != patient) return false;
        return _scopes[_versionKey(patient, version, RecordId.unwrap(record))]
            || _scopes[_versionKey(patient, version, bytes32(uint256(record.category())))]
            || _scopes[_versionKey(patient, version, bytes32(0))];
    }

    function setupOf(address patient)
        external
        view
        returns (uint32 version, uint8 threshold, uint8 keyholderCount, uint32 windowLength)
    {
        Setup memory current = _setups[patient];
        return (current.version, current.threshold, current.keyholderCount, current.windowLength);
    }

    function isKeyholder(address patient, address account) external view returns (bool) {
        return _keyholderIndex[_versionKey(patient, _setups[patient].version, bytes32(uint256(uint160(account))))] != 0;
    }

    function requestOf(address patient, address requester)
        external
        view
        returns (uint32 round, uint64 requestedAt, uint8 approvals, uint16 approvalBits, bool settled, uint64 openUntil)
    {
        Request memory r = _requests[_requestKey(patient, requester)];
        return (r.round, r.requestedAt, r.approvals, r.approvalBits, r.settled, r.openUntil);
    }

    function nonces(address account) external view returns (uint256) {
        return _nonces[account];
    }

    function _setup(
        address patient,
        address[] calldata keyholders,
        uint8 threshold,
        uint32 windowLength,
        bytes32[] calldata scopes
    ) private {
        uint256 count = keyholders.length;
        if (count > MAX_KEYHOLDERS) revert EmergencyAccessTooManyKeyholders(count);
        if (count == 0 ? threshold != 0 : threshold == 0 || threshold > count) {
            revert EmergencyAccessInvalidThreshold(threshold, count);
        }
        uint32 version = _setups[patient].version + 1;
        if (count != 0) {
            if (windowLength < MIN_WINDOW || windowLength > MAX_WINDOW) revert EmergencyAccessInvalidWindow(windowLength);
            _storeKeyholders(patient, version, keyholders);
            _storeScopes(patient, version, scopes);
        }
        // count <= MAX_KEYHOLDERS fits in uint8
        _setups[patient] = Setup(version, threshold, uint8(count), count == 0 ? 0 : windowLength);
        emit EmergencySetupChanged(patient, keyholders, threshold, windowLength, scopes, version);
    }

    function _storeKeyholders(address patient, uint32 version, address[] calldata keyholders) private {
        for (uint256 i; i < keyholders.length; ++i) {
            address keyholder = keyholders[i];
            bytes32 key = _versionKey(patient, version, bytes32(uint256(uint160(keyholder))));
            if (keyholder == address(0) || keyholder == patient || _keyholderIndex[key] != 0) {
                revert EmergencyAccessInvalidKeyholder(keyholder);
            }
            _keyholderIndex[key] = uint8(i + 1);
        }
    }

    function _storeScopes(address patient, uint32 version, bytes32[] calldata scopes) private {
        uint256 count = scopes.length;
        if (count == 0 || count > MAX_SCOPES) revert EmergencyAccessInvalidScopes(patient, count);
        for (uint256 i; i < count; ++i) {
            bytes32 scope = scopes[i];
            if (!Scope.isValidFor(scope, patient)) revert EmergencyAccessInvalidScopes(patient, count);
            _scopes[_versionKey(patient, version, scope)] = true;
        }
    }

    function _request(address requester, address patient, uint16 purpose, bytes32 reasonHash)
        private
        returns (uint32 round)
    {
        IParticipantDirectory.ProviderStatus status = directory.providerStatus(requester);
        if (status != IParticipantDirectory.ProviderStatus.Active) {
            revert EmergencyAccessUnaccreditedRequester(requester, status);
        }
        if (purpose != ETREAT) revert EmergencyAccessInvalidPurpose(purpose);
        if (reasonHash == bytes32(0)) revert EmergencyAccessMissingReason();
        Setup memory current = _setups[patient];
        if (current.threshold == 0) revert EmergencyAccessNotConfigured(patient);
        bytes32 key = _requestKey(patient, requester);
        Request storage request = _requests[key];
        round = request.round + 1;
        request.requestedAt = uint64(block.timestamp);
        request.round = round;
        request.setupVersion = current.version;
        request.approvalBits = 0;
        request.approvals = 0;
        request.settled = false;
        _reasonHashes[key] = reasonHash;
        emit EmergencyAccessRequested(
            requester, patient, purpose, reasonHash, round, uint64(block.timestamp) + APPROVAL_PERIOD
        );
    }

    function _approve(address keyholder, address patient, address requester, uint32 round) private {
        bytes32 key = _requestKey(patient, requester);
        Request memory request = _requests[key];
        if (request.round == 0) revert EmergencyAccessNoSuchRequest(patient, requester);
        if (round != request.round) revert EmergencyAccessWrongRound(patient, requester, request.round, round);
        if (request.settled) revert EmergencyAccessRequestSettled(patient, requester, round);
        uint64 approvalsUntil = request.requestedAt + APPROVAL_PERIOD;
        if (block.timestamp >= approvalsUntil) revert EmergencyAccessRequestExpired(patient, requester, approvalsUntil);
        Setup memory current = _setups[patient];
        if (current.version != request.setupVersion) revert EmergencyAccessStaleRequest(patient, requester);
        if (keyholder == requester) revert EmergencyAccessSelfApproval(keyholder);
        uint8 index = _keyholderIndex[_versionKey(patient, current.version, bytes32(uint256(uint160(keyholder))))];
        if (index == 0) revert EmergencyAccessNotKeyholder(patient, keyholder);
        uint16 bit = uint16(1) << (index - 1);
        if (request.approvalBits & bit != 0) revert EmergencyAccessAlreadyApproved(patient, requester, keyholder);
        request.approvalBits |= bit;
        uint8 approvals = request.approvals + 1;
        request.approvals = approvals;
        emit EmergencyAccessApproved(keyholder, patient, requester, round, approvals);
        if (approvals == current.threshold) {
            uint64 until = uint64(block.timestamp) + current.windowLength;
            request.openUntil = until;
            request.windowVersion = current.version;
            request.settled = true;
            emit EmergencyWindowOpened(patient, requester, until, _reasonHashes[key]);
        }
        _requests[key] = request;
    }

    function _close(address patient, address requester) private {
        bytes32 key = _requestKey(patient, requester);
        Request storage request = _requests[key];
        bool windowOpen = block.timestamp < request.openUntil;
        bool pending = request.round != 0 && !request.settled
            && block.timestamp < request.requestedAt + APPROVAL_PERIOD;
        if (!windowOpen && !pending) revert EmergencyAccessNothingToClose(patient, requester);
        request.openUntil = 0;
        request.settled = true;
        emit EmergencyAccessClosed(patient, requester, request.round);
    }

    function _checkSignature(
        address signer,
        uint256 nonce,
        uint256 deadline,
        bytes32 structHash,
        bytes calldata signature
    ) private {
        if (block.timestamp > deadline) revert EmergencyAccessExpiredSignature(deadline);
        uint256 expected = _nonces[signer];
        _nonces[signer] = expected + 1;
        if (nonce != expected) revert EmergencyAccessInvalidNonce(signer, expected, nonce);
        (bool valid, address recovered) = SignatureVerifier.verify(signer, _hashTypedDataV4(structHash), signature);
        if (!valid) revert EmergencyAccessInvalidSigner(signer, recovered);
    }


    function _versionKey(address patient, uint32 version, bytes32 item) private pure returns (bytes32) {
        return keccak256(abi.encode(patient, version, item));
    }

    function _requestKey(address patient, address requester) private pure returns (bytes32) {
        return keccak256(abi.encode(patient, requester));
    }
}
