// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IConsentRegistry} from "./interfaces/IConsentRegistry.sol";
import {IRecordRegistry} from "./interfaces/IRecordRegistry.sol";
import {RecordId} from "./types/RecordId.sol";

/// @title Record registry
/// @notice See {IRecordRegistry}. The only state is a bitmap of anchored ids; anchors live in events.
contract RecordRegistry is IRecordRegistry, AccessControl {
    bytes32 public constant RELAYER_ROLE = keccak256("RELAYER_ROLE");

    uint8 private constant _WRITE = 2;
    uint32 private constant _CODEC_RAW = 0x55;
    uint32 private constant _CODEC_DAG_PB = 0x70;

    // `consentRegistry()` is part of the ABI
    // solhint-disable-next-line immutable-vars-naming
    IConsentRegistry public immutable consentRegistry;

    /// @dev The last (patient, author, category) that {IConsentRegistry-mayWriteCategory} allowed during one call.
    /// Lives in memory: grants and provider status cannot change while this contract only makes view calls,
    /// so the answer holds for the rest of the call. All zero (no valid id has a zero patient) matches nothing.
    struct AllowedWriter {
        address patient;
        address author;
        uint16 category;
    }

    /// @dev One bit per anchored id, as in Permit2's unordered nonces: ids equal in all but their last byte
    /// (same patient and category, serials in one run of 256) share the word `_anchoredIds[id >> 8]`, and the last
    /// byte picks the bit. Anchoring an id costs one storage write: zero to non-zero for the first id of a word,
    /// a cheaper non-zero to non-zero write afterwards, and a warm one for the next id of a batch in that word.
    mapping(uint256 idWithoutLastByte => uint256 anchoredBits) private _anchoredIds;

    constructor(IConsentRegistry consent, address admin, address relayer) {
        consentRegistry = consent;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(RELAYER_ROLE, relayer);
    }

    function anchor(Anchor calldata version) external {
        if (version.author != msg.sender) _checkRelayer(version.author);
        AllowedWriter memory none;
        _anchor(version, none);
    }

    function anchorBatch(Anchor[] calldata versions) external {
        uint256 count = versions.length;
        if (count == 0) revert RecordRegistryEmptyBatch();
        bool relayerChecked;
        AllowedWriter memory lastAllowed;
        for (uint256 i; i < count; ++i) {
            Anchor calldata version = versions[i];
            if (!relayerChecked && version.author != msg.sender) {
                _checkRelayer(version.author);
                relayerChecked = true;
            }
            _anchor(version, lastAllowed);
        }
    }

    function isAnchored(RecordId id) external view returns (bool) {
        return _isAnchored(id);
    }

    function _anchor(Anchor calldata version, AllowedWriter memory lastAllowed) private {
        RecordId id = version.id;
        RecordId supersedes = version.supersedes;
        address patient = id.patient();
        uint16 category = id.category();
        if (patient == address(0) || category == 0) revert RecordRegistryInvalidRecordId(id);
        if (version.contentDigest == bytes32(0) || (version.codec != _CODEC_RAW && version.codec != _CODEC_DAG_PB)) {
            revert RecordRegistryInvalidContent(id, version.contentDigest, version.codec);
        }
        (uint256 word, uint256 bit) = _bitOf(id);
        uint256 anchoredBits = _anchoredIds[word];
        if (anchoredBits & bit != 0) revert RecordRegistryIdTaken(id);
        if (!supersedes.isZero() && !_isAnchoredVersionOf(supersedes, patient, category)) {
            revert RecordRegistryInvalidSupersedes(id, supersedes);
        }
        address author = version.author;
        if (author != patient && !_mayWrite(patient, author, category, supersedes, lastAllowed)) {
            revert RecordRegistryUnauthorizedAuthor(id, author);
        }
        _anchoredIds[word] = anchoredBits | bit;
        emit RecordAnchored(id, patient, author, version.contentDigest, version.codec, category, supersedes);
    }

    /// @dev WRITE on the category or on all records (asked once per run of equal triples, remembered in
    /// `lastAllowed`), else WRITE on the superseded version. A grant on the new id itself never counts.
    function _mayWrite(
        address patient,
        address author,
        uint16 category,
        RecordId supersedes,
        AllowedWriter memory lastAllowed
    ) private view returns (bool) {
        if (lastAllowed.patient == patient && lastAllowed.author == author && lastAllowed.category == category) {
            return true;
        }
        if (consentRegistry.mayWriteCategory(patient, author, category)) {
            lastAllowed.patient = patient;
            lastAllowed.author = author;
            lastAllowed.category = category;
            return true;
        }
        return !supersedes.isZero() && consentRegistry.hasAccess(patient, author, supersedes, _WRITE);
    }

    function _isAnchoredVersionOf(RecordId previous, address patient, uint16 category) private view returns (bool) {
        return previous.patient() == patient && previous.category() == category && _isAnchored(previous);
    }

    function _isAnchored(RecordId id) private view returns (bool) {
        (uint256 word, uint256 bit) = _bitOf(id);
        return _anchoredIds[word] & bit != 0;
    }

    function _bitOf(RecordId id) private pure returns (uint256 word, uint256 bit) {
        uint256 raw = uint256(RecordId.unwrap(id));
        return (raw >> 8, 1 << (raw & 0xff));
    }

    function _checkRelayer(address author) private view {
        if (!hasRole(RELAYER_ROLE, msg.sender)) revert RecordRegistryUnauthorizedRelayer(msg.sender, author);
    }
}
