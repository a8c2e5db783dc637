// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Account} from "@openzeppelin/contracts/account/Account.sol";
import {ERC7821} from "@openzeppelin/contracts/account/extensions/draft-ERC7821.sol";
import {ERC7579Utils} from "@openzeppelin/contracts/account/utils/draft-ERC7579Utils.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ERC7739} from "@openzeppelin/contracts/utils/cryptography/signers/draft-ERC7739.sol";
import {SignerP256} from "@openzeppelin/contracts/utils/cryptography/signers/SignerP256.sol";
import {SignerWebAuthn} from "@openzeppelin/contracts/utils/cryptography/signers/SignerWebAuthn.sol";
import {IPasskeyAccount} from "../interfaces/IPasskeyAccount.sol";
import {AccountGuardianRecovery} from "./AccountGuardianRecovery.sol";

/// @notice {IPasskeyAccount}: OpenZeppelin's {Account} with a WebAuthn signer, ERC-7739 ERC-1271 signatures,
/// ERC-7821 batch execution (from itself, its EntryPoint, or {executeWithSig}) and guardian recovery. Deployed as
/// clones by {PasskeyAccountFactory}.
///
/// Signatures of the signer are abi.encode(WebAuthn.WebAuthnAuth) with user presence and user verification set;
/// ERC-1271 ones wrap that in ERC-7739's TypedDataSign or PersonalSign envelope.
contract PasskeyAccount is
    Account,
    EIP712,
    ERC7739,
    SignerWebAuthn,
    ERC7821,
    Initializable,
    AccountGuardianRecovery,
    IPasskeyAccount
{
    bytes32 public constant EXECUTE_TYPEHASH =
        keccak256("Execute(bytes32 mode,bytes executionData,uint256 nonce,uint256 deadline)");

    /// The implementation's own signer: a P-256 point nobody knows the private key of, x being the first
    /// coordinate from sha256("HealthKey PasskeyAccount implementation signer") (mod p) upwards that lies on the
    /// curve, y its even root. The implementation cannot be initialized, so nobody can sign for it either.
    bytes32 private constant _NO_KEY_QX = 0xf6a6688d7f3446b057b1bf560364bfe367477e2f0fd3a5eb7e88c6019adefb50;
    bytes32 private constant _NO_KEY_QY = 0xe56ced481646a1f0a756918bbf8f3ad675eb6d7965391b3fdadfa559cd51dbf2;

    uint256 private _executionNonce;

    constructor() EIP712("HealthKey PasskeyAccount", "1") SignerP256(_NO_KEY_QX, _NO_KEY_QY) {
        _disableInitializers();
    }

    function initialize(bytes32 qx, bytes32 qy) external initializer {
        _setSigner(qx, qy);
        _setRecoveryDelay(DEFAULT_RECOVERY_DELAY);
    }

    function executeWithSig(bytes32 mode, bytes calldata executionData, uint256 deadline, bytes calldata signature)
        external
    {
        if (!supportsExecutionMode(mode)) revert UnsupportedExecutionMode();
        if (block.timestamp > deadline) revert PasskeyAccountExpiredSignature(deadline);
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(EXECUTE_TYPEHASH, mode, keccak256(executionData), _executionNonce, deadline))
        );
        ++_executionNonce;
        if (!_rawSignatureValidation(digest, signature)) revert PasskeyAccountInvalidSignature();
        ERC7579Utils.execBatch(executionData, ERC7579Utils.EXECTYPE_DEFAULT);
    }

    function executionNonce() external view returns (uint256) {
        return _executionNonce;
    }

    function _rotateSigner(bytes32 qx, bytes32 qy) internal override {
        _setSigner(qx, qy);
    }

    /// @dev The EntryPoint too, besides the account itself, for a deployment that uses a bundler.
    function _erc7821AuthorizedExecutor(address caller, bytes32 mode, bytes calldata executionData)
        internal
        view
        override
        returns (bool)
    {
        return caller == address(entryPoint()) || super._erc7821AuthorizedExecutor(caller, mode, executionData);
    }
}
