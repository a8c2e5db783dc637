// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice A contract wallet whose answer anyone can flip: it passes a relayer's simulation and then fails when
/// mined, once flipped in between (the refusal of docs/API.md, "Smart-account patients").
contract ToggleWalletMock is IERC1271 {
    bool public accepting = true;

    function setAccepting(bool value) external {
        accepting = value;
    }

    function isValidSignature(bytes32, bytes calldata) external view returns (bytes4) {
        return accepting ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}
