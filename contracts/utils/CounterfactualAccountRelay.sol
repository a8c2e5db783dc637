// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ICounterfactualAccountRelay} from "../interfaces/ICounterfactualAccountRelay.sol";

/// @notice {ICounterfactualAccountRelay}.
contract CounterfactualAccountRelay is ICounterfactualAccountRelay {
    function deployAndCall(
        address account,
        address factory,
        bytes calldata factoryCalldata,
        address target,
        bytes calldata data
    ) external returns (bytes memory result) {
        if (account.code.length == 0) {
            Address.functionCall(factory, factoryCalldata);
            if (account.code.length == 0) revert CounterfactualAccountRelayNotDeployed(account, factory);
        }
        return Address.functionCall(target, data);
    }
}
