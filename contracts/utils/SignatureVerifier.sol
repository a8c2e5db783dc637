// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @notice Checks that `signer` signed an EIP-712 digest: a 65-byte ECDSA signature by the account itself
/// (low-s, v of 27 or 28), else, for an account with code, an ERC-1271 answer.
library SignatureVerifier {
    /// @return valid whether the signature is `signer`'s
    /// @return recovered the address the ECDSA signature recovers to (zero if it is malformed)
    function verify(address signer, bytes32 digest, bytes calldata signature)
        internal
        view
        returns (bool valid, address recovered)
    {
        if (signature.length == 65) {
            (recovered,,) = ECDSA.tryRecover(
                digest, uint8(signature[64]), bytes32(signature[0:32]), bytes32(signature[32:64])
            );
            if (recovered == signer && recovered != address(0)) return (true, recovered);
        }
        valid = signer.code.length != 0 && SignatureChecker.isValidERC1271SignatureNow(signer, digest, signature);
    }

    /// @notice {verify}'s rule for a signature in memory (an off-chain verifier's constructor argument).
    /// @return whether the signature is `signer`'s
    function isValid(address signer, bytes32 digest, bytes memory signature) internal view returns (bool) {
        if (signature.length == 65) {
            (address recovered,,) = ECDSA.tryRecover(digest, signature);
            if (recovered == signer && recovered != address(0)) return true;
        }
        return signer.code.length != 0 && SignatureChecker.isValidERC1271SignatureNow(signer, digest, signature);
    }
}
