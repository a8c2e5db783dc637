// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Account} from "@openzeppelin/contracts/account/Account.sol";
import {ERC7821} from "@openzeppelin/contracts/account/extensions/draft-ERC7821.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ERC7739} from "@openzeppelin/contracts/utils/cryptography/signers/draft-ERC7739.sol";
import {MultiSignerERC7913} from "@openzeppelin/contracts/utils/cryptography/signers/MultiSignerERC7913.sol";

/// @notice OpenZeppelin's k-of-n multi-signer account, as any patient could bring: ERC-1271 signatures are
/// ERC-7739 envelopes around abi.encode(bytes[] signers, bytes[] signatures).
contract MultiSignerAccountMock is Account, EIP712, ERC7739, MultiSignerERC7913, ERC7821 {
    constructor(bytes[] memory signers, uint64 threshold)
        EIP712("MultiSignerAccountMock", "1")
        MultiSignerERC7913(signers, threshold)
    {}
}
