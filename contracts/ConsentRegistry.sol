// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {EmergencyAccess} from "./EmergencyAccess.sol";
import {IConsentCaregivers} from "./interfaces/IConsentCaregivers.sol";
import {IConsentRegistry} from "./interfaces/IConsentRegistry.sol";
import {IEmergencyAccess} from "./interfaces/IEmergencyAccess.sol";
import {IParticipantDirectory} from "./interfaces/IParticipantDirectory.sol";
import {RecordId} from "./types/RecordId.sol";
import {Scope} from "./types/Scope.sol";
import {SignatureVerifier} from "./utils/SignatureVerifier.sol";

/// @title Consent registry
/// @notice See {IConsentRegistry} and {IConsentCaregivers}. A grant is one slot, keyed by (patient, grantee, scope,
/// action); a grant made by a caregiver also names it and, in a second slot, the caregiver's generation. Each
/// signer (patient or caregiver) has one nonce for all their signed messages; it only moves forward, by one per
/// signature or by a cancellation. Emergency access lives in {EmergencyAccess}, which the constructor deploys and
/// {hasAccess} consults for READ (docs/CONTRACTS.md says why it is a contract of its own).
contract ConsentRegistry is IConsentRegistry, IConsentCaregivers, EIP712 {
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

    bytes32 private constant _APPOINTMENT_TYPEHASH = keccak256(
        "Appointment(address appointer,address patient,address caregiver,bytes32[] scopes,uint8 powers,uint64 expiresAt,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant _CAREGIVER_REVOCATION_TYPEHASH =
        keccak256("CaregiverRevocation(address patient,address caregiver,uint256 nonce,uint256 deadline)");
    bytes32 private constant _CAREGIVER_GRANT_TYPEHASH = keccak256(
        "CaregiverGrant(address caregiver,address patient,address grantee,bytes32 scope,uint8 action,uint16 purpose,uint64 expiresAt,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant _CAREGIVER_GRANT_REVOCATION_TYPEHASH = keccak256(
        "CaregiverGrantRevocation(address caregiver,address patient,address grantee,bytes32 scope,uint8 action,uint256 nonce,uint256 deadline)"
    );
        uint8 private constant _GRANT_REVOKE = 4;
    uint8 private constant _APPOINT = 8;
    uint8 private constant _ALL_POWERS = READ | WRITE | _GRANT_REVOKE | _APPOINT;
    uint256 private constant _MAX_CAREGIVER_SCOPES = 8;

    /// @dev `grantor` is zero for the patient's own grants, else the caregiver that made it.
    struct StoredGrant {
        uint64 expiresAt;
        uint16 purpose;
        address grantor;
    }

    /// @dev One slot per (patient, caregiver). `generation` survives revocations: it only moves on.
    struct StoredAppointment {
        uint64 expiresAt;
        uint32 generation;
        uint8 powers;
        bool byCaregiver;
    }

    /// @dev The caregiver that appointed, and its generation then; written only when `byCaregiver`.
    struct StoredAppointer {
        address appointer;
        uint32 generation;
    }

    // `directory()` is part of the ABI
    // solhint-disable-next-line immutable-vars-naming
    IParticipantDirectory public immutable directory;
    /// @notice The emergency access contract this registry deployed and {hasAccess} consults.
    // solhint-disable-next-line immutable-vars-naming
    IEmergencyAccess public immutable emergencyAccess;

    mapping(bytes32 key => StoredGrant) private _grants;
    mapping(address signer => uint256) private _nonces;
    mapping(bytes32 grantKey => uint32 generation) private _grantGenerations;
    mapping(bytes32 pairKey => StoredAppointment) private _appointments;
    mapping(bytes32 pairKey => StoredAppointer) private _appointers;
    mapping(bytes32 scopeKey => bool) private _caregiverScopes;

    constructor(IParticipantDirectory directory_) EIP712("HealthKey ConsentRegistry", "1") {
        directory = directory_;
        emergencyAccess = new EmergencyAccess(directory_);
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

    function appointCaregiverBySig(Appointment calldata appointment, bytes calldata signature) external {
        _checkSignature(
            appointment.appointer,
            appointment.nonce,
            appointment.deadline,
            _hashAppointment(appointment),
            signature
        );
        _appoint(appointment);
    }

    function revokeCaregiverBySig(CaregiverRevocation calldata revocation, bytes calldata signature) external {
        address patient = revocation.patient;
        _checkSignature(
            patient,
            revocation.nonce,
            revocation.deadline,
            keccak256(abi.encode(_CAREGIVER_REVOCATION_TYPEHASH, revocation)),
            signature
        );
        address caregiver = revocation.caregiver;
        bytes32 pair = _pairKey(patient, caregiver);
        StoredAppointment memory current = _appointments[pair];
        if (!_isLiveAppointment(patient, pair, current)) revert ConsentCaregiversNoSuchCaregiver(patient, caregiver);
        uint32 generation = current.generation + 1;
        _appointments[pair] = StoredAppointment(0, generation, 0, false);
        emit CaregiverRevoked(patient, caregiver, generation);
    }

    function grantByCaregiverBySig(CaregiverGrant calldata caregiverGrant, bytes calldata signature) external {
        address caregiver = caregiverGrant.caregiver;
        _checkSignature(
            caregiver,
            caregiverGrant.nonce,
            caregiverGrant.deadline,
            keccak256(abi.encode(_CAREGIVER_GRANT_TYPEHASH, caregiverGrant)),
            signature
        );
        address patient = caregiverGrant.patient;
        StoredAppointment memory appointment = _checkCaregiverMay(
            patient, caregiver, caregiverGrant.scope, caregiverGrant.action
        );
        if (caregiverGrant.expiresAt > appointment.expiresAt) {
            revert ConsentCaregiversBeyondExpiry(caregiverGrant.expiresAt, appointment.expiresAt);
        }
        _grant(
            patient,
            caregiverGrant.grantee,
            caregiverGrant.scope,
            caregiverGrant.action,
            caregiverGrant.purpose,
            caregiverGrant.expiresAt
        );
        bytes32 key = _key(patient, caregiverGrant.grantee, caregiverGrant.scope, caregiverGrant.action);
        _grants[key].grantor = caregiver;
        _grantGenerations[key] = appointment.generation;
        emit AccessGrantedByCaregiver(
            caregiver, patient, caregiverGrant.grantee, caregiverGrant.scope, caregiverGrant.action, appointment.generation
        );
    }

    function revokeByCaregiverBySig(CaregiverGrantRevocation calldata revocation, bytes calldata signature) external {
        address caregiver = revocation.caregiver;
        _checkSignature(
            caregiver,
            revocation.nonce,
            revocation.deadline,
            keccak256(abi.encode(_CAREGIVER_GRANT_REVOCATION_TYPEHASH, revocation)),
            signature
        );
        address patient = revocation.patient;
        _checkCaregiverMay(patient, caregiver, revocation.scope, revocation.action);
        _revoke(patient, revocation.grantee, revocation.scope, revocation.action);
        emit AccessRevokedByCaregiver(caregiver, patient, revocation.grantee, revocation.scope, revocation.action);
    }

    function hasAccess(address patient, address grantee, RecordId record, uint8 action) external view returns (bool) {
        if (record.patient() != patient) return false;
        if (patient == grantee) return true;
        IParticipantDirectory.ProviderStatus status = directory.providerStatus(grantee);
        if (status == IParticipantDirectory.ProviderStatus.Suspended) return false;
        bytes32 id = RecordId.unwrap(record);
        if (
            (action != WRITE || status == IParticipantDirectory.ProviderStatus.Active)
                && (
                    _isLive(patient, grantee, id, action)
                        || _isLive(patient, grantee, bytes32(uint256(record.category())), action)
                        || _isLive(patient, grantee, bytes32(0), action)
                )
        ) return true;
        if ((action == READ || action == WRITE) && _isCaregiverFor(patient, grantee, id, action)) return true;
        return action == READ && emergencyAccess.hasEmergencyAccess(patient, grantee, record);
    }

    function mayWriteCategory(address patient, address author, uint16 category) external view returns (bool) {
        bytes32 scope = bytes32(uint256(category));
        if (_isLive(patient, author, scope, WRITE) || _isLive(patient, author, bytes32(0), WRITE)) {
            IParticipantDirectory.ProviderStatus status = directory.providerStatus(author);
            if (status != IParticipantDirectory.ProviderStatus.None) {
                return status == IParticipantDirectory.ProviderStatus.Active;
            }
        }
        return _isCaregiverFor(patient, author, scope, WRITE)
            && directory.providerStatus(author) != IParticipantDirectory.ProviderStatus.Suspended;
    }

    function caregiverOf(address patient, address caregiver)
        external
        view
        returns (uint64 expiresAt, uint8 powers, uint32 generation, address appointer)
    {
        bytes32 pair = _pairKey(patient, caregiver);
        StoredAppointment memory appointment = _appointments[pair];
        if (appointment.byCaregiver) appointer = _appointers[pair].appointer;
        return (appointment.expiresAt, appointment.powers, appointment.generation, appointer);
    }

    function isCaregiverFor(address patient, address caregiver, bytes32 scope, uint8 powers)
        external
        view
        returns (bool)
    {
        return _isCaregiverFor(patient, caregiver, scope, powers);
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

    /// @dev Stores the grant as the patient's own (no grantor); a caregiver's grant then names its grantor.
    function _grant(
        address patient,
        address grantee,
        bytes32 scope,
        uint8 action,
        uint16 purpose,
        uint64 expiresAt
    ) private {
        if (grantee == address(0) || grantee == patient) revert ConsentRegistryInvalidGrantee(grantee);
        if (!Scope.isValidFor(scope, patient)) revert ConsentRegistryInvalidScope(patient, scope);
        if (action != READ && action != WRITE) revert ConsentRegistryInvalidAction(action);
        if (purpose == 0) revert ConsentRegistryInvalidPurpose(purpose);
        if (expiresAt <= block.timestamp) revert ConsentRegistryExpiryInPast(expiresAt, block.timestamp);
        StoredGrant storage stored = _grants[_key(patient, grantee, scope, action)];
        // the whole slot in one write, {StoredGrant}'s layout with a zero grantor: a struct assignment would read
        // the slot first to keep its unused bits (grantBySig has a gas target, docs/CONTRACTS.md)
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(stored.slot, or(expiresAt, shl(64, purpose)))
        }
        emit AccessGranted(patient, grantee, scope, action, purpose, expiresAt);
    }

    function _revoke(address patient, address grantee, bytes32 scope, uint8 action) private {
        bytes32 key = _key(patient, grantee, scope, action);
        if (!_isLiveKey(patient, key)) {
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
        return _isLiveKey(patient, _key(patient, grantee, scope, action));
    }

    /// @dev Unexpired, and, when a caregiver made it, made in the caregiver's generation that is still live.
    function _isLiveKey(address patient, bytes32 key) private view returns (bool) {
        StoredGrant storage stored = _grants[key];
        if (block.timestamp >= stored.expiresAt) return false;
        address grantor = stored.grantor;
        if (grantor == address(0)) return true;
        bytes32 pair = _pairKey(patient, grantor);
        StoredAppointment memory appointment = _appointments[pair];
        return appointment.generation == _grantGenerations[key] && _isLiveAppointment(patient, pair, appointment);
    }

    function _appoint(Appointment calldata appointment) private {
        address appointer = appointment.appointer;
        address patient = appointment.patient;
        address caregiver = appointment.caregiver;
        uint8 powers = appointment.powers;
        uint64 expiresAt = appointment.expiresAt;
        bytes32[] calldata scopes = appointment.scopes;
        if (caregiver == address(0) || caregiver == patient || caregiver == appointer) {
            revert ConsentCaregiversInvalidCaregiver(caregiver);
        }
        if (powers == 0 || powers & ~_ALL_POWERS != 0) revert ConsentCaregiversInvalidPowers(powers);
        uint256 count = scopes.length;
        if (count == 0 || count > _MAX_CAREGIVER_SCOPES) revert ConsentCaregiversInvalidScopes(patient, count);
        if (expiresAt <= block.timestamp) revert ConsentRegistryExpiryInPast(expiresAt, block.timestamp);
        bytes32 pair = _pairKey(patient, caregiver);
        StoredAppointment memory previous = _appointments[pair];
        bool byCaregiver = appointer != patient;
        if (byCaregiver) _checkSubAppointment(appointment, pair, previous);
        uint32 generation = previous.generation + 1;
        _appointments[pair] = StoredAppointment(expiresAt, generation, powers, byCaregiver);
        for (uint256 i; i < count; ++i) {
            if (!Scope.isValidFor(scopes[i], patient)) revert ConsentCaregiversInvalidScopes(patient, count);
            _caregiverScopes[_scopeKey(pair, generation, scopes[i])] = true;
        }
        emit CaregiverAppointed(appointer, patient, caregiver, scopes, powers, expiresAt, generation);
    }

    /// @dev An appointment by a caregiver: it is live and holds APPOINT; it gives at most its own powers but APPOINT,
    /// scopes and expiry; it replaces only an appointment it made or one no longer live. Records the appointer.
    function _checkSubAppointment(Appointment calldata appointment, bytes32 pair, StoredAppointment memory previous)
        private
    {
        address patient = appointment.patient;
        address appointer = appointment.appointer;
        bytes32 appointerPair = _pairKey(patient, appointer);
        StoredAppointment memory upper = _appointments[appointerPair];
        if (!_isLiveAppointment(patient, appointerPair, upper)) revert ConsentCaregiversNotCaregiver(patient, appointer);
        if (upper.powers & _APPOINT == 0) revert ConsentCaregiversMissingPower(patient, appointer, _APPOINT);
        uint8 beyond = appointment.powers & ~(upper.powers & ~_APPOINT);
        if (beyond != 0) revert ConsentCaregiversMissingPower(patient, appointer, beyond);
        if (appointment.expiresAt > upper.expiresAt) {
            revert ConsentCaregiversBeyondExpiry(appointment.expiresAt, upper.expiresAt);
        }
        for (uint256 i; i < appointment.scopes.length; ++i) {
            if (!_covers(appointerPair, upper.generation, appointment.scopes[i])) {
                revert ConsentCaregiversOutOfScope(patient, appointer, appointment.scopes[i]);
            }
        }
        if (_isLiveAppointment(patient, pair, previous) && (!previous.byCaregiver || _appointers[pair].appointer != appointer)) {
            revert ConsentCaregiversInvalidCaregiver(appointment.caregiver);
        }
        _appointers[pair] = StoredAppointer(appointer, upper.generation);
    }

    /// @dev Reverts unless `caregiver` is live for `patient` and holds GRANT_REVOKE and `action`'s power on `scope`.
    function _checkCaregiverMay(address patient, address caregiver, bytes32 scope, uint8 action)
        private
        view
        returns (StoredAppointment memory appointment)
    {
        if (action != READ && action != WRITE) revert ConsentRegistryInvalidAction(action);
        bytes32 pair = _pairKey(patient, caregiver);
        appointment = _appointments[pair];
        if (!_isLiveAppointment(patient, pair, appointment)) revert ConsentCaregiversNotCaregiver(patient, caregiver);
        uint8 needed = _GRANT_REVOKE | action;
        if (appointment.powers & needed != needed) {
            revert ConsentCaregiversMissingPower(patient, caregiver, needed & ~appointment.powers);
        }
        if (!_covers(pair, appointment.generation, scope)) revert ConsentCaregiversOutOfScope(patient, caregiver, scope);
    }

    function _isCaregiverFor(address patient, address caregiver, bytes32 scope, uint8 powers)
        private
        view
        returns (bool)
    {
        bytes32 pair = _pairKey(patient, caregiver);
        StoredAppointment memory appointment = _appointments[pair];
        return powers != 0 && appointment.powers & powers == powers && _isLiveAppointment(patient, pair, appointment)
            && _covers(pair, appointment.generation, scope);
    }

    /// @dev Unexpired and, when a caregiver appointed it, that caregiver still in the generation it appointed in.
    /// A caregiver's appointees never hold APPOINT, so the chain is at most one link long.
    function _isLiveAppointment(address patient, bytes32 pair, StoredAppointment memory appointment)
        private
        view
        returns (bool)
    {
        if (block.timestamp >= appointment.expiresAt) return false;
        if (!appointment.byCaregiver) return true;
        StoredAppointer memory link = _appointers[pair];
        return _appointments[_pairKey(patient, link.appointer)].generation == link.generation;
    }

    /// @dev Whether the caregiver's scopes in `generation` hold `scope`, its category, or all records.
    function _covers(bytes32 pair, uint32 generation, bytes32 scope) private view returns (bool) {
        if (_caregiverScopes[_scopeKey(pair, generation, scope)]) return true;
        if (scope == bytes32(0)) return false;
        if (uint256(scope) > Scope.MAX_CATEGORY) {
            bytes32 category = bytes32(uint256(RecordId.wrap(scope).category()));
            if (_caregiverScopes[_scopeKey(pair, generation, category)]) return true;
        }
        return _caregiverScopes[_scopeKey(pair, generation, bytes32(0))];
    }

    function _pairKey(address patient, address caregiver) private pure returns (bytes32) {
        return keccak256(abi.encode(patient, caregiver));
    }

    function _scopeKey(bytes32 pair, uint32 generation, bytes32 scope) private pure returns (bytes32) {
        return keccak256(abi.encode(pair, generation, scope));
    }

    function _hashAppointment(Appointment calldata a) private pure returns (bytes32) {
        return keccak256(
            abi.encode(
                _APPOINTMENT_TYPEHASH,
                a.appointer,
                a.patient,
                a.caregiver,
                keccak256(abi.encodePacked(a.scopes)),
                a.powers,
                a.expiresAt,
                a.nonce,
                a.deadline
            )
        );
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
