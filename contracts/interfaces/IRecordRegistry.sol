// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {RecordId} from "../types/RecordId.sol";

/// @title Record registry
/// @notice Anchors record versions: the digest of the encrypted content's IPFS CID, never the content.
/// The patient and the category are read from the {RecordId}; the anchor time is the block's timestamp.
/// Anchors are kept in events: the state holds only each patient's last serial, so that ids are unique
/// and a batch costs no storage slot per record.
interface IRecordRegistry {
    /// @notice One record version to anchor.
    /// @param id the new version's id; its serial must exceed the patient's last anchored serial
    /// @param author who wrote it: the patient, or an active provider holding an unexpired WRITE grant on the
    /// category, on all records, or on the version it supersedes (a grant on `id` itself does not count)
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
    /// @notice `id`'s serial does not exceed `lastSerial`, the patient's last anchored serial.
    error RecordRegistryStaleSerial(RecordId id, uint80 lastSerial);
    /// @notice `supersedes` is not an earlier version of the same patient and category as `id`.
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

    /// @notice Anchors several versions in one transaction, all or none; ids of one patient must come in
    /// increasing serial order. Requirements: as {anchor}, for each. Emits {RecordAnchored} for each.
    function anchorBatch(Anchor[] calldata versions) external;

    /// @notice The last serial anchored for `patient` (zero if none).
    function lastSerialOf(address patient) external view returns (uint80);
}
