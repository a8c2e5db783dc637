// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IPasskeyAccountFactory} from "../interfaces/IPasskeyAccountFactory.sol";
import {PasskeyAccount} from "./PasskeyAccount.sol";

/// @notice {IPasskeyAccountFactory}: one {PasskeyAccount} implementation, deployed by this factory's constructor,
/// and its clones.
contract PasskeyAccountFactory is IPasskeyAccountFactory {
    // conventional getter name
    // solhint-disable-next-line immutable-vars-naming
    address public immutable accountImplementation;

    constructor() {
        accountImplementation = address(new PasskeyAccount());
    }

    function createAccount(bytes32 qx, bytes32 qy, bytes32 salt) external returns (address account) {
        bytes32 cloneSalt = _cloneSalt(qx, qy, salt);
        account = Clones.predictDeterministicAddress(accountImplementation, cloneSalt);
        if (account.code.length != 0) return account;
        account = Clones.cloneDeterministic(accountImplementation, cloneSalt);
        emit AccountCreated(account, qx, qy, salt);
        PasskeyAccount(payable(account)).initialize(qx, qy);
    }

    function predictAccount(bytes32 qx, bytes32 qy, bytes32 salt) external view returns (address) {
        return Clones.predictDeterministicAddress(accountImplementation, _cloneSalt(qx, qy, salt));
    }

    function _cloneSalt(bytes32 qx, bytes32 qy, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(qx, qy, salt));
    }
}
