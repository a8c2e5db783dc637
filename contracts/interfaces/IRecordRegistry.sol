// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {RecordId} from "../types/RecordId.sol";

/// @title Record registry
/// @notice Anchors record versions: the digest of the encrypted content's IPFS CID, never the content.
/// The patient and the category are read from the {RecordId}; the anchor time is the block's timestamp.
/// Anchors are kept in events; the state holds one bit per anchored id, so that every id is anchored at most once.
/// Serials need not grow: an author picks any unused serial, and each anchor uses up exactly one id of the 2^80
/// of the patient's category, so no author can exhaust or block the ids that the patient or another author uses.
interface IRecordRegistry {
    /// @notice One record version to anchor.
    /// @param id the new version's id: a non-zero patient and category, any serial, never anchored before
    /// @param author who wrote it: the patient, an active provider holding an unexpired WRITE grant on the
    /// category, on all records, or on the version it supersedes (a grant on `id` itself does not count), or a
    /// caregiver of the patient holding the WRITE power there (see {IConsentCaregivers})
    /// @param contentDigest the sha2-256 digest inside the CIDv1 of the encrypted content
    /// @param codec the CID's multicodec: 0x55 (raw) or 0x70 (dag-pb)
    /// @param supersedes the earlier version of the same patient and category it replaces, or zero
    struct Anchor {
        RecordId id;
        address author;
        bytes32 contentDigest;
        uint32 codec;
        RecordId supersedes;
    }

    /// @notice The caller is not `author` and lacks `RELAYER_ROLE`.
    error RecordRegistryUnauthorizedRelayer(address caller, address author);
    /// @notice `author` may not write records of `id`'s patient.
    error RecordRegistryUnauthorizedAuthor(RecordId id, address author);
    /// @notice `id` has a zero patient or a zero category.
    error RecordRegistryInvalidRecordId(RecordId id);
    /// @notice `id` is anchored already (by any author, in an earlier transaction or earlier in this batch).
    error RecordRegistryIdTaken(RecordId id);
    /// @notice `supersedes` is not an anchored version of the same patient and category as `id`.
    error RecordRegistryInvalidSupersedes(RecordId id, RecordId supersedes);
    /// @notice The digest is zero or the codec is neither raw nor dag-pb.
    error RecordRegistryInvalidContent(RecordId id, bytes32 contentDigest, uint32 codec);
    /// @notice A batch must hold at least one anchor.
    error RecordRegistryEmptyBatch();

    /// @notice Emitted for each anchored record version.
    event RecordAnchored(
        RecordId indexed id,
        address indexed patient,
        address indexed author,
        bytes32 contentDigest,
        uint32 codec,
        uint16 category,
        RecordId supersedes
    );

    /// @notice Anchors one record version. Requirements: see {Anchor}; the caller is the author or holds
    /// `RELAYER_ROLE`. Emits {RecordAnchored}.
    function anchor(Anchor calldata version) external;

    /// @notice Anchors several versions in one transaction, all or none, in any order; a version may supersede
    /// one anchored earlier in the same batch. Requirements: as {anchor}, for each, and no id twice.
    /// Emits {RecordAnchored} for each.
    function anchorBatch(Anchor[] calldata versions) external;

    /// @notice Whether `id` is anchored, whoever wrote it. An id never anchored may still be taken by another
    /// author before a transaction that uses it is mined: such an anchor reverts with {RecordRegistryIdTaken}.
    function isAnchored(RecordId id) external view returns (bool);
}
