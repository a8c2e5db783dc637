// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IConsentRegistry} from "./interfaces/IConsentRegistry.sol";
import {IParticipantDirectory} from "./interfaces/IParticipantDirectory.sol";
import {RecordId} from "./types/RecordId.sol";
import {SignatureVerifier} from "./utils/SignatureVerifier.sol";

/// @title Consent registry
/// @notice See {IConsentRegistry}. A grant is one slot, keyed by (patient, grantee, scope, action). Each patient has
/// one nonce for all their signed messages; it only moves forward, by one per signature or by a cancellation.
contract ConsentRegistry is IConsentRegistry, EIP712 {
    uint8 public constant READ = 1;
    uint8 public constant WRITE = 2;
    bytes32 public constant GRANT_TYPEHASH = keccak256(
        "Grant(address patient,address grantee,bytes32 scope,uint8 action,uint16 purpose,uint64 expiresAt,uint256 nonce,uint256 deadline)"
    );
    bytes32 public constant REVOCATION_TYPEHASH = keccak256(
        "Revocation(address patient,address grantee,bytes32 scope,uint8 action,uint256 nonce,uint256 deadline)"
    );
    bytes32 public constant CANCEL_NONCES_TYPEHASH =
        keccak256("CancelNonces(address patient,uint256 newNonce,uint256 nonce,uint256 deadline)");
    uint256 public constant MAX_NONCE_JUMP = 2 ** 32;

    uint256 private constant _MAX_CATEGORY = type(uint16).max;

    struct StoredGrant {
        uint64 expiresAt;
        uint16 purpose;
    }

    // `directory()` is part of the ABI
    // solhint-disable-next-line immutable-vars-naming
    IParticipantDirectory public immutable directory;

    mapping(bytes32 key => StoredGrant) private _grants;
    mapping(address patient => uint256) private _nonces;

    constructor(IParticipantDirectory directory_) EIP712("HealthKey ConsentRegistry", "1") {
        directory = directory_;
    }

    function grant(address grantee, bytes32 scope, uint8 action, uint16 purpose, uint64 expiresAt) external {
        _grant(msg.sender, grantee, scope, action, purpose, expiresAt);
    }

    function grantBySig(Grant calldata signedGrant, bytes calldata signature) external {
        address patient = signedGrant.patient;
        _checkSignature(
            patient,
            signedGrant.nonce,
            signedGrant.deadline,
            _hashGrant(signedGrant),
            signature
        );
        _grant(
            patient,
            signedGrant.grantee,
            signedGrant.scope,
            signedGrant.action,
            signedGrant.purpose,
            signedGrant.expiresAt
        );
    }

    function revoke(address grantee, bytes32 scope, uint8 action) external {
        _revoke(msg.sender, grantee, scope, action);
    }

    function revokeBySig(Revocation calldata signedRevocation, bytes calldata signature) external {
        address patient = signedRevocation.patient;
        _checkSignature(
            patient,
            signedRevocation.nonce,
            signedRevocation.deadline,
            _hashRevocation(signedRevocation),
            signature
        );
        _revoke(patient, signedRevocation.grantee, signedRevocation.scope, signedRevocation.action);
    }

    function invalidateNonces(uint256 newNonce) external {
        _moveNonce(msg.sender, _nonces[msg.sender], newNonce);
    }

    function cancelNoncesBySig(CancelNonces calldata signedCancellation, bytes calldata signature) external {
        address patient = signedCancellation.patient;
        _checkSignature(
            patient,
            signedCancellation.nonce,
            signedCancellation.deadline,
            _hashCancelNonces(signedCancellation),
            signature
        );
        _moveNonce(patient, signedCancellation.nonce, signedCancellation.newNonce);
    }

    function hasAccess(address patient, address grantee, RecordId record, uint8 action) external view returns (bool) {
        if (record.patient() != patient) return false;
        if (patient == grantee) return true;
        IParticipantDirectory.ProviderStatus status = directory.providerStatus(grantee);
        if (status == IParticipantDirectory.ProviderStatus.Suspended) return false;
        if (action == WRITE && status != IParticipantDirectory.ProviderStatus.Active) return false;
        return _isLive(patient, grantee, RecordId.unwrap(record), action)
            || _isLive(patient, grantee, bytes32(uint256(record.category())), action)
            || _isLive(patient, grantee, bytes32(0), action);
    }

    function mayWriteCategory(address patient, address author, uint16 category) external view returns (bool) {
        return (_isLive(patient, author, bytes32(uint256(category)), WRITE) || _isLive(patient, author, bytes32(0), WRITE))
            && directory.providerStatus(author) == IParticipantDirectory.ProviderStatus.Active;
    }

    function grantOf(address patient, address grantee, bytes32 scope, uint8 action)
        external
        view
        returns (uint64 expiresAt, uint16 purpose)
    {
        StoredGrant storage stored = _grants[_key(patient, grantee, scope, action)];
        return (stored.expiresAt, stored.purpose);
    }

    function nonces(address patient) external view returns (uint256) {
        return _nonces[patient];
    }

    function _grant(
        address patient,
        address grantee,
        bytes32 scope,
        uint8 action,
        uint16 purpose,
        uint64 expiresAt
    ) private {
        if (grantee == address(0) || grantee == patient) revert ConsentRegistryInvalidGrantee(grantee);
        if (!_isValidScope(patient, scope)) revert ConsentRegistryInvalidScope(patient, scope);
        if (action != READ && action != WRITE) revert ConsentRegistryInvalidAction(action);
        if (purpose == 0) revert ConsentRegistryInvalidPurpose(purpose);
        if (expiresAt <= block.timestamp) revert ConsentRegistryExpiryInPast(expiresAt, block.timestamp);
        _grants[_key(patient, grantee, scope, action)] = StoredGrant(expiresAt, purpose);
        emit AccessGranted(patient, grantee, scope, action, purpose, expiresAt);
    }

    function _revoke(address patient, address grantee, bytes32 scope, uint8 action) private {
        bytes32 key = _key(patient, grantee, scope, action);
        if (_grants[key].expiresAt <= block.timestamp) {
            revert ConsentRegistryNoSuchGrant(patient, grantee, scope, action);
        }
        delete _grants[key];
        emit AccessRevoked(patient, grantee, scope, action);
    }

    /// @dev `current` is the patient's nonce before the call; a signed cancellation has already used it.
    function _moveNonce(address patient, uint256 current, uint256 newNonce) private {
        if (newNonce <= current || newNonce - current > MAX_NONCE_JUMP) {
            revert ConsentRegistryInvalidNewNonce(patient, current, newNonce);
        }
        _nonces[patient] = newNonce;
        emit NoncesInvalidated(patient, newNonce);
    }

    /// @dev The patient's nonce, then one more. {MAX_NONCE_JUMP} keeps it far from overflow, so no check is needed.
    function _useNonce(address patient) private returns (uint256 current) {
        current = _nonces[patient];
        unchecked {
            _nonces[patient] = current + 1;
        }
    }

    function _checkSignature(
        address patient,
        uint256 nonce,
        uint256 deadline,
        bytes32 structHash,
        bytes calldata signature
    ) private {
        if (block.timestamp > deadline) revert ConsentRegistryExpiredSignature(deadline);
        uint256 expected = _useNonce(patient);
        if (nonce != expected) revert ConsentRegistryInvalidNonce(patient, expected, nonce);
        (bool valid, address recovered) = SignatureVerifier.verify(patient, _hashTypedDataV4(structHash), signature);
        if (!valid) revert ConsentRegistryInvalidSigner(patient, recovered);
    }

    /// @dev EIP-712 `hashStruct`: the struct is static, so its ABI words are its EIP-712 encoding. A field
    /// with dirty high bits changes the hash, so no patient's signature matches it.
    function _hashGrant(Grant calldata signedGrant) private pure returns (bytes32 hash) {
        bytes32 typeHash = GRANT_TYPEHASH;
        // hashed in place, cheaper than abi.encode: grantBySig has a gas target (docs/CONTRACTS.md)
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), signedGrant, 0x100)
            hash := keccak256(ptr, 0x120)
        }
    }

    /// @dev As {_hashGrant}, for {revokeBySig}.
    function _hashRevocation(Revocation calldata signedRevocation) private pure returns (bytes32 hash) {
        bytes32 typeHash = REVOCATION_TYPEHASH;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), signedRevocation, 0xc0)
            hash := keccak256(ptr, 0xe0)
        }
    }

    /// @dev EIP-712 `hashStruct` in plain Solidity: {cancelNoncesBySig} has no gas target to hash in place for.
    function _hashCancelNonces(CancelNonces calldata c) private pure returns (bytes32) {
        return keccak256(abi.encode(CANCEL_NONCES_TYPEHASH, c.patient, c.newNonce, c.nonce, c.deadline));
    }

    function _isLive(address patient, address grantee, bytes32 scope, uint8 action) private view returns (bool) {
        return block.timestamp < _grants[_key(patient, grantee, scope, action)].expiresAt;
    }

    function _isValidScope(address patient, bytes32 scope) private pure returns (bool) {
        if (uint256(scope) <= _MAX_CATEGORY) return true;
        RecordId record = RecordId.wrap(scope);
        return record.patient() == patient && record.category() != 0;
    }

    /// @dev `keccak256(abi.encode(patient, grantee, scope, action))`, hashed in place above the free memory pointer.
    function _key(address patient, address grantee, bytes32 scope, uint8 action) private pure returns (bytes32 key) {
        // cheaper than abi.encode, as in {_hashGrant}
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, patient)
            mstore(add(ptr, 0x20), grantee)
            mstore(add(ptr, 0x40), scope)
            mstore(add(ptr, 0x60), action)
            key := keccak256(ptr, 0x80)
        }
    }
}
