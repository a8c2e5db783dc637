// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Bytes} from "@openzeppelin/contracts/utils/Bytes.sol";
import {IDeploylessSignatureValidator} from "../interfaces/IDeploylessSignatureValidator.sol";
import {SignatureVerifier} from "./SignatureVerifier.sol";

/// @notice "Did `signer` sign `digest`?" in a single `eth_call`, for an EOA, a deployed ERC-1271 account or a
/// counterfactual one (ERC-6492), by the same rule the registries apply ({SignatureVerifier}) once the account
/// exists. The ERC-6492 "ValidateSigOffchain" pattern: the constructor answers and the contract is never deployed.
///
/// An ERC-6492 signature is abi.encode(factory, factoryCalldata, innerSignature) followed by the 32-byte magic
/// 0x6492…6492. When `signer` has no code, `factory` is called with `factoryCalldata` inside the call (nothing is
/// kept) and `signer` must have code afterwards; the inner signature is then judged. When `signer` already has
/// code, the inner signature is judged as it is, as a relayer would send it. Anything else is judged as given.
contract DeploylessSignatureValidator is IDeploylessSignatureValidator {
    bytes32 private constant _ERC6492_MAGIC = 0x6492649264926492649264926492649264926492649264926492649264926492;

    /// @notice Returns 0x01 (valid) or 0x00 (not) as the call's return data; see the contract's notice.
    constructor(address signer, bytes32 digest, bytes memory signature) {
        bool valid = SignatureVerifier.isValid(signer, digest, _prepare(signer, signature));
        // The one way for a constructor to answer: its "runtime code" is the answer byte.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0, valid)
            return(31, 1)
        }
    }

    /// The signature the registries will see: the inner one of an ERC-6492 wrapper, after its factory call.
    function _prepare(address signer, bytes memory signature) private returns (bytes memory) {
        uint256 length = signature.length;
        if (length < 32 || bytes32(Bytes.slice(signature, length - 32)) != _ERC6492_MAGIC) return signature;
        (address factory, bytes memory factoryCalldata, bytes memory inner) =
            abi.decode(Bytes.slice(signature, 0, length - 32), (address, bytes, bytes));
        if (signer.code.length == 0) {
            // The factory is whatever the signature names: this call runs in an eth_call and changes nothing; its
            // revert is reported as this contract's own error, which Address.functionCall would not do.
            // solhint-disable-next-line avoid-low-level-calls
            (bool success, bytes memory reason) = factory.call(factoryCalldata);
            if (!success) revert DeploylessSignatureValidatorFactoryFailed(factory, reason);
            if (signer.code.length == 0) revert DeploylessSignatureValidatorNotDeployed(signer, factory);
        }
        return inner;
    }
}
