// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Caregivers of the consent registry
/// @notice A patient appoints a caregiver (a parent, a relative, a legal guardian) who acts for them, with its own
/// signatures, within exactly the powers and scopes of its appointment and until its expiry. Every message is EIP-712
/// in the consent registry's domain, signed by the actor (ECDSA or ERC-1271) and relayed by anyone; each actor
/// uses its own nonce of {IConsentRegistry-nonces}.
///
/// Powers (bit flags): `1` READ reads the records in scope; `2` WRITE writes records in scope (no accreditation
/// needed: the caregiver writes as the patient would, but a suspended provider has no access at all); `4`
/// GRANT_REVOKE grants and revokes READ or WRITE in scope on the patient's behalf, but only an action whose power
/// the caregiver holds itself; `8` APPOINT appoints further caregivers with at most its own powers (never APPOINT),
/// scopes and expiry.
///
/// Scopes are encoded as grant scopes (zero = all records, 1..65535 = a category, else a record of the patient); an
/// appointment carries 1 to 8 of them, e.g. a set of categories.
///
/// Generations: each (patient, caregiver) pair has a generation counter. Every appointment and every revocation
/// moves it on, in one storage write; a grant a caregiver made stores the generation it was made in and counts
/// only while that generation is current and unexpired, so revoking, re-appointing or the expiry of a caregiver
/// ends every grant it made at once. A caregiver appointed by a caregiver also ends with its appointer.
interface IConsentCaregivers {
    /// @notice EIP-712 message: `appointer` (the patient, or a caregiver of the patient holding APPOINT) appoints
    /// `caregiver` for `patient` with `powers` on `scopes` until `expiresAt`. Replaces any earlier appointment.
    struct Appointment {
        address appointer;
        address patient;
        address caregiver;
        bytes32[] scopes;
        uint8 powers;
        uint64 expiresAt;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 message: `patient` revokes `caregiver`, its powers and every grant it made.
    struct CaregiverRevocation {
        address patient;
        address caregiver;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 message: `caregiver` grants, for `patient`, what a {IConsentRegistry-Grant} grants.
    struct CaregiverGrant {
        address caregiver;
        address patient;
        address grantee;
        bytes32 scope;
        uint8 action;
        uint16 purpose;
        uint64 expiresAt;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 message: `caregiver` revokes, for `patient`, what a {IConsentRegistry-Revocation} revokes.
    struct CaregiverGrantRevocation {
        address caregiver;
        address patient;
        address grantee;
        bytes32 scope;
        uint8 action;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice `caregiver` is the zero address, the patient, or the appointer itself; or the appointer is a caregiver
    /// and `caregiver` is live under another appointer (a caregiver replaces only its own appointees).
    error ConsentCaregiversInvalidCaregiver(address caregiver);
    /// @notice `powers` is zero or has a bit that is no power.
    error ConsentCaregiversInvalidPowers(uint8 powers);
    /// @notice The appointment has no scope, more than 8, or a scope that is not the patient's.
    error ConsentCaregiversInvalidScopes(address patient, uint256 count);
    /// @notice `actor` is no live caregiver of `patient`: never appointed, revoked, expired, or its appointer ended.
    error ConsentCaregiversNotCaregiver(address patient, address actor);
    /// @notice Caregiver `actor` lacks `needed` (power bits) for what it tried.
    error ConsentCaregiversMissingPower(address patient, address actor, uint8 needed);
    /// @notice `scope` is outside the scopes of caregiver `actor`.
    error ConsentCaregiversOutOfScope(address patient, address actor, bytes32 scope);
    /// @notice `expiresAt` is after the expiry `limit` of the caregiver that acts.
    error ConsentCaregiversBeyondExpiry(uint64 expiresAt, uint64 limit);
    /// @notice There is no live appointment of `caregiver` for `patient` to revoke.
    error ConsentCaregiversNoSuchCaregiver(address patient, address caregiver);

    /// @notice Emitted when `appointer` appoints `caregiver` for `patient` with `powers` on `scopes` until
    /// `expiresAt`, in `generation`. `appointer` is the patient, or the caregiver that appointed. Its fields begin
    /// as the {Appointment}'s, like every signed message's event.
    event CaregiverAppointed(
        address indexed appointer,
        address indexed patient,
        address indexed caregiver,
        bytes32[] scopes,
        uint8 powers,
        uint64 expiresAt,
        uint32 generation
    );
    /// @notice Emitted when `patient` revokes `caregiver`: its powers and every grant it made end; the pair's
    /// generation becomes `generation`.
    event CaregiverRevoked(address indexed patient, address indexed caregiver, uint32 generation);
    /// @notice Emitted with {IConsentRegistry-AccessGranted} when the grant was made by caregiver `caregiver`.
    event AccessGrantedByCaregiver(
        address indexed caregiver,
        address indexed patient,
        address indexed grantee,
        bytes32 scope,
        uint8 action,
        uint32 generation
    );
    /// @notice Emitted with {IConsentRegistry-AccessRevoked} when the revocation was made by caregiver `caregiver`.
    event AccessRevokedByCaregiver(
        address indexed caregiver,
        address indexed patient,
        address indexed grantee,
        bytes32 scope,
        uint8 action
    );

    /// @notice Relays an appointment signed by `appointment.appointer`.
    /// Requirements: signature by the appointer, its next nonce, `deadline` not passed; `caregiver` neither zero, the
    /// patient nor the appointer; `powers` non-zero, known bits only; 1 to 8 valid scopes;
    /// `expiresAt` in the future. An appointer other than the patient must be a live caregiver holding APPOINT, and
    /// the appointment within its powers (without APPOINT), scopes and expiry.
    /// Emits {CaregiverAppointed}.
    function appointCaregiverBySig(Appointment calldata appointment, bytes calldata signature) external;

    /// @notice Relays a caregiver revocation signed by the patient: the caregiver's powers, every grant it made and
    /// every caregiver it appointed end at once.
    /// Requirements: signature, nonce and deadline of the patient; a live appointment. Emits {CaregiverRevoked}.
    function revokeCaregiverBySig(CaregiverRevocation calldata revocation, bytes calldata signature) external;

    /// @notice Relays a grant signed by a caregiver; it ends with the caregiver's generation.
    /// Requirements: signature, nonce and deadline of the caregiver; a live caregiver holding GRANT_REVOKE and the
    /// granted action's power; `scope` within its scopes; `expiresAt` not after its expiry; and all that
    /// {IConsentRegistry-grant} requires. Emits {IConsentRegistry-AccessGranted} and {AccessGrantedByCaregiver}.
    function grantByCaregiverBySig(CaregiverGrant calldata caregiverGrant, bytes calldata signature) external;

    /// @notice Relays a revocation signed by a caregiver, of any grant within its scopes and actions.
    /// Requirements: signature, nonce and deadline of the caregiver; a live caregiver holding GRANT_REVOKE and the
    /// action's power; `scope` within its scopes; an unexpired grant. Emits {IConsentRegistry-AccessRevoked} and
    /// {AccessRevokedByCaregiver}.
    function revokeByCaregiverBySig(CaregiverGrantRevocation calldata revocation, bytes calldata signature) external;

    /// @notice The appointment of `caregiver` for `patient`: zeros but `generation` if none; it may have expired.
    /// `appointer` is zero when the patient appointed.
    function caregiverOf(address patient, address caregiver)
        external
        view
        returns (uint64 expiresAt, uint8 powers, uint32 generation, address appointer);

    /// @notice Whether `caregiver` is live for `patient` now and holds all of `powers` on `scope`.
    function isCaregiverFor(address patient, address caregiver, bytes32 scope, uint8 powers)
        external
        view
        returns (bool);
}
