// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IConsentRegistry} from "./interfaces/IConsentRegistry.sol";
import {IRecordRegistry} from "./interfaces/IRecordRegistry.sol";
import {RecordId} from "./types/RecordId.sol";

/// @title Record registry
/// @notice See {IRecordRegistry}. The only state is each patient's last serial; anchors live in events.
contract RecordRegistry is IRecordRegistry, AccessControl {
    bytes32 public constant RELAYER_ROLE = keccak256("RELAYER_ROLE");

    uint8 private constant _WRITE = 2;
    uint32 private constant _CODEC_RAW = 0x55;
    uint32 private constant _CODEC_DAG_PB = 0x70;

    // `consentRegistry()` is part of the ABI
    // solhint-disable-next-line immutable-vars-naming
    IConsentRegistry public immutable consentRegistry;

    mapping(address patient => uint80) private _lastSerial;

    constructor(IConsentRegistry consent, address admin, address relayer) {
        consentRegistry = consent;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(RELAYER_ROLE, relayer);
    }

    function anchor(Anchor calldata version) external {
        if (version.author != msg.sender) _checkRelayer(version.author);
        _anchor(version);
    }

    function anchorBatch(Anchor[] calldata versions) external {
        uint256 count = versions.length;
        if (count == 0) revert RecordRegistryEmptyBatch();
        bool relayerChecked;
        for (uint256 i; i < count; ++i) {
            Anchor calldata version = versions[i];
            if (!relayerChecked && version.author != msg.sender) {
                _checkRelayer(version.author);
                relayerChecked = true;
            }
            _anchor(version);
        }
    }

    function lastSerialOf(address patient) external view returns (uint80) {
        return _lastSerial[patient];
    }

    function _anchor(Anchor calldata version) private {
        RecordId id = version.id;
        RecordId supersedes = version.supersedes;
        address patient = id.patient();
        uint16 category = id.category();
        if (patient == address(0) || category == 0) revert RecordRegistryInvalidRecordId(id);
        if (version.contentDigest == bytes32(0) || (version.codec != _CODEC_RAW && version.codec != _CODEC_DAG_PB)) {
            revert RecordRegistryInvalidContent(id, version.contentDigest, version.codec);
        }
        uint80 last = _lastSerial[patient];
        if (id.serial() <= last) revert RecordRegistryStaleSerial(id, last);
        bool hasPrevious = !supersedes.isZero();
        if (hasPrevious && !_isEarlierVersion(supersedes, patient, category, last)) {
            revert RecordRegistryInvalidSupersedes(id, supersedes);
        }
        if (version.author != patient && !_mayWrite(patient, version.author, id, hasPrevious, supersedes)) {
            revert RecordRegistryUnauthorizedAuthor(id, version.author);
        }
        _lastSerial[patient] = id.serial();
        emit RecordAnchored(id, patient, version.author, version.contentDigest, version.codec, category, supersedes);
    }

    function _mayWrite(address patient, address author, RecordId id, bool hasPrevious, RecordId previous)
        private
        view
        returns (bool)
    {
        return consentRegistry.hasAccess(patient, author, id, _WRITE)
            || (hasPrevious && consentRegistry.hasAccess(patient, author, previous, _WRITE));
    }

    function _isEarlierVersion(RecordId previous, address patient, uint16 category, uint80 last)
        private
        pure
        returns (bool)
    {
        uint80 serial = previous.serial();
        return previous.patient() == patient && previous.category() == category && serial != 0 && serial <= last;
    }

    function _checkRelayer(address author) private view {
        if (!hasRole(RELAYER_ROLE, msg.sender)) revert RecordRegistryUnauthorizedRelayer(msg.sender, author);
    }
}
