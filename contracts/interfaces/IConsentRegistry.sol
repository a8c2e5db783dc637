// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {RecordId} from "../types/RecordId.sol";

/// @title Consent registry
/// @notice A patient grants or revokes READ or WRITE access to their records for a grantee, on a
/// scope, for a purpose, until a time. The patient sends the transaction, or anyone relays the
/// patient's EIP-712 signature (ERC-1271 for contract wallets). A signature that was never sent is cancelled by
/// moving the patient's nonce past it ({invalidateNonces}, {cancelNoncesBySig}).
///
/// Scope encoding (`bytes32`): zero = all of the patient's records; `1..65535` = one category
/// (the value is the category code); otherwise a {RecordId} of one of the patient's records.
/// Actions: `1` = READ, `2` = WRITE. Purpose: a non-zero code from docs/CODES.md.
interface IConsentRegistry {
    /// @notice EIP-712 message: `patient` grants `grantee` `action` on `scope` for `purpose` until `expiresAt`.
    struct Grant {
        address patient;
        address grantee;
        bytes32 scope;
        uint8 action;
        uint16 purpose;
        uint64 expiresAt;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 message: `patient` revokes what `grantee` holds for `action` on `scope`.
    struct Revocation {
        address patient;
        address grantee;
        bytes32 scope;
        uint8 action;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 message: `patient` moves their nonce to `newNonce`, so that every signature made with a nonce
    /// below it can never be used. The message itself uses `nonce`.
    struct CancelNonces {
        address patient;
        uint256 newNonce;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice The signature is not by `patient`; `signer` is what it recovers to (zero if malformed).
    error ConsentRegistryInvalidSigner(address patient, address signer);
    /// @notice The signed message's `deadline` has passed.
    error ConsentRegistryExpiredSignature(uint256 deadline);
    /// @notice The signed message's nonce is not the patient's next nonce: used, voided by a nonce cancellation, or
    /// out of order.
    error ConsentRegistryInvalidNonce(address patient, uint256 expected, uint256 given);
    /// @notice `grantee` is the zero address or the patient.
    error ConsentRegistryInvalidGrantee(address grantee);
    /// @notice `scope` is neither all, a category, nor a record of `patient`.
    error ConsentRegistryInvalidScope(address patient, bytes32 scope);
    /// @notice `action` is neither READ (1) nor WRITE (2).
    error ConsentRegistryInvalidAction(uint8 action);
    /// @notice `purpose` is zero.
    error ConsentRegistryInvalidPurpose(uint16 purpose);
    /// @notice `expiresAt` is not after the current block's timestamp.
    error ConsentRegistryExpiryInPast(uint64 expiresAt, uint256 currentTime);
    /// @notice There is no unexpired grant to revoke.
    error ConsentRegistryNoSuchGrant(address patient, address grantee, bytes32 scope, uint8 action);
    /// @notice `newNonce` is not after `current`, the patient's nonce before the call, or is more than
    /// {MAX_NONCE_JUMP} after it.
    error ConsentRegistryInvalidNewNonce(address patient, uint256 current, uint256 newNonce);

    /// @notice Emitted when `grantee` may take `action` on `scope` of `patient`'s records until `expiresAt`.
    event AccessGranted(
        address indexed patient,
        address indexed grantee,
        bytes32 indexed scope,
        uint8 action,
        uint16 purpose,
        uint64 expiresAt
    );
    /// @notice Emitted when `patient` revokes `grantee`'s `action` on `scope`.
    event AccessRevoked(address indexed patient, address indexed grantee, bytes32 indexed scope, uint8 action);
    /// @notice Emitted when `patient`'s next nonce becomes `newNonce`: every signature with a lower nonce is void.
    event NoncesInvalidated(address indexed patient, uint256 newNonce);

    /// @notice The caller grants access to its own records; replaces an earlier grant with the same key.
    /// Requirements: valid grantee, scope, action, purpose; `expiresAt` in the future. Emits {AccessGranted}.
    function grant(address grantee, bytes32 scope, uint8 action, uint16 purpose, uint64 expiresAt) external;

    /// @notice Relays a grant signed by `signedGrant.patient`; anyone may send it.
    /// Requirements: as {grant}, plus: signature by the patient, the patient's next nonce, `deadline`
    /// not passed. Emits {AccessGranted}.
    function grantBySig(Grant calldata signedGrant, bytes calldata signature) external;

    /// @notice The caller revokes a grant on its own records.
    /// Requirements: an unexpired grant exists for the key. Emits {AccessRevoked}.
    function revoke(address grantee, bytes32 scope, uint8 action) external;

    /// @notice Relays a revocation signed by `signedRevocation.patient`; anyone may send it.
    /// Requirements: as {revoke}, plus signature, nonce and deadline as for {grantBySig}. Emits {AccessRevoked}.
    function revokeBySig(Revocation calldata signedRevocation, bytes calldata signature) external;

    /// @notice The caller voids every signature it made with a nonce below `newNonce`: its next nonce becomes
    /// `newNonce`.
    /// Requirements: `newNonce` after the caller's nonce and at most {MAX_NONCE_JUMP} after it.
    /// Emits {NoncesInvalidated}.
    function invalidateNonces(uint256 newNonce) external;

    /// @notice Relays a nonce cancellation signed by `signedCancellation.patient`; anyone may send it. The message
    /// uses its own `nonce`, then the patient's next nonce becomes `newNonce`.
    /// Requirements: signature, nonce and deadline as for {grantBySig}; `newNonce` after `nonce` and at most
    /// {MAX_NONCE_JUMP} after it. Emits {NoncesInvalidated}.
    function cancelNoncesBySig(CancelNonces calldata signedCancellation, bytes calldata signature) external;

    /// @notice Whether `grantee` may take `action` on `record` of `patient` at the current block.
    /// False when `record` does not belong to `patient`, whoever asks. Otherwise true for the patient themself;
    /// for anyone else it needs an unexpired grant on the record, its category
    /// or all records; WRITE also needs the grantee to be an active provider, and a suspended provider
    /// has no access at all.
    function hasAccess(address patient, address grantee, RecordId record, uint8 action) external view returns (bool);

    /// @notice Whether `author` may write any record of `patient` in `category` at the current block: true iff
    /// `author` is an active provider holding an unexpired WRITE grant on `category` or on all records.
    /// Unlike {hasAccess}, grants on single records do not count, and it is false for the patient themself
    /// (who needs no grant). Category zero is not a category: only the grant on all records counts for it.
    function mayWriteCategory(address patient, address author, uint16 category) external view returns (bool);

    /// @notice The grant stored under the key (zeros if none; it may have expired).
    function grantOf(address patient, address grantee, bytes32 scope, uint8 action)
        external
        view
        returns (uint64 expiresAt, uint16 purpose);

    /// @notice The next nonce `patient` must sign.
    function nonces(address patient) external view returns (uint256);

    /// @notice The most a nonce cancellation may move a patient's nonce forward at once, so that no mistake (such
    /// as the largest uint256) can bring a nonce near overflow, where it would wrap and revive old signatures.
    function MAX_NONCE_JUMP() external view returns (uint256);
}
