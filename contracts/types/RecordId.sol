// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @notice Identifies one record version. Layout (big-endian, 32 bytes):
/// `patient` (20 bytes) | `category` (uint16, 2 bytes) | `serial` (uint80, 10 bytes).
/// The id carries its patient and category so that access checks need no per-record storage;
/// `RecordRegistry` anchors each id at most once, which makes every anchored id unique. Serials need not grow.
type RecordId is bytes32;

using RecordIdLibrary for RecordId global;

/// @notice Accessors for the fields packed into a {RecordId}.
library RecordIdLibrary {
    function patient(RecordId id) internal pure returns (address) {
        return address(bytes20(RecordId.unwrap(id)));
    }

    function category(RecordId id) internal pure returns (uint16) {
        return uint16(uint256(RecordId.unwrap(id)) >> 80);
    }

    function serial(RecordId id) internal pure returns (uint80) {
        return uint80(uint256(RecordId.unwrap(id)));
    }

    function isZero(RecordId id) internal pure returns (bool) {
        return RecordId.unwrap(id) == bytes32(0);
    }
}
