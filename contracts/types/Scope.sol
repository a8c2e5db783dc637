// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {RecordId} from "./RecordId.sol";

/// @notice Consent scopes (`bytes32`): zero = all of a patient's records; `1..65535` = one category; otherwise a
/// {RecordId}, which must be one of the patient's, with a non-zero category.
library Scope {
    uint256 internal constant MAX_CATEGORY = type(uint16).max;

    function isValidFor(bytes32 scope, address patient) internal pure returns (bool) {
        if (uint256(scope) <= MAX_CATEGORY) return true;
        RecordId record = RecordId.wrap(scope);
        return record.patient() == patient && record.category() != 0;
    }
}
