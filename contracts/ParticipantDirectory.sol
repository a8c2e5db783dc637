// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IParticipantDirectory} from "./interfaces/IParticipantDirectory.sol";
import {SignatureVerifier} from "./utils/SignatureVerifier.sol";

/// @title Participant directory
/// @notice See {IParticipantDirectory}. Keys are stored as prefix and x coordinate (two slots) and must
/// lie on secp256k1.
contract ParticipantDirectory is IParticipantDirectory, AccessControl, EIP712, Nonces {
    bytes32 public constant ACCREDITOR_ROLE = keccak256("ACCREDITOR_ROLE");
    bytes32 public constant KEY_PUBLICATION_TYPEHASH =
        keccak256("KeyPublication(address account,bytes publicKey,uint256 nonce,uint256 deadline)");

    uint256 private constant _FIELD_PRIME = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;
    uint256 private constant _MAX_NAME_LENGTH = 128;

    struct CompressedKey {
        bytes32 x;
        uint8 prefix;
    }

    mapping(address account => CompressedKey) private _keys;
    mapping(address provider => Provider) private _providers;

    constructor(address admin, address accreditor) EIP712("HealthKey ParticipantDirectory", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ACCREDITOR_ROLE, accreditor);
    }

    function publishEncryptionKey(bytes calldata publicKey) external {
        _publish(msg.sender, publicKey);
    }

    function publishEncryptionKeyBySig(KeyPublication calldata publication, bytes calldata signature) external {
        address account = publication.account;
        if (block.timestamp > publication.deadline) revert ParticipantDirectoryExpiredSignature(publication.deadline);
        uint256 expected = _useNonce(account);
        if (publication.nonce != expected) {
            revert ParticipantDirectoryInvalidNonce(account, expected, publication.nonce);
        }
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(
                    KEY_PUBLICATION_TYPEHASH,
                    account,
                    keccak256(publication.publicKey),
                    publication.nonce,
                    publication.deadline
                )
            )
        );
        (bool valid, address recovered) = SignatureVerifier.verify(account, digest, signature);
        if (!valid) revert ParticipantDirectoryInvalidSigner(account, recovered);
        _publish(account, publication.publicKey);
    }

    function accredit(address provider, string calldata name, bytes32 licenceHash)
        external
        onlyRole(ACCREDITOR_ROLE)
    {
        if (provider == address(0) || _providers[provider].status != ProviderStatus.None) {
            revert ParticipantDirectoryInvalidProvider(provider);
        }
        uint256 nameLength = bytes(name).length;
        if (nameLength == 0 || nameLength > _MAX_NAME_LENGTH) revert ParticipantDirectoryInvalidName();
        _providers[provider] = Provider(name, licenceHash, ProviderStatus.Active, uint64(block.timestamp));
        emit ProviderAccredited(provider, name, licenceHash);
    }

    function suspend(address provider, uint16 reason) external onlyRole(ACCREDITOR_ROLE) {
        _transition(provider, ProviderStatus.Active, ProviderStatus.Suspended);
        emit ProviderSuspended(provider, reason);
    }

    function reinstate(address provider) external onlyRole(ACCREDITOR_ROLE) {
        _transition(provider, ProviderStatus.Suspended, ProviderStatus.Active);
        emit ProviderReinstated(provider);
    }

    function encryptionKeyOf(address account) external view returns (bytes memory) {
        CompressedKey storage key = _keys[account];
        return key.prefix == 0 ? bytes("") : abi.encodePacked(key.prefix, key.x);
    }

    function providerOf(address provider) external view returns (Provider memory) {
        return _providers[provider];
    }

    function providerStatus(address provider) external view returns (ProviderStatus) {
        return _providers[provider].status;
    }

    function _publish(address account, bytes calldata publicKey) private {
        if (!_isCompressedPoint(publicKey)) revert ParticipantDirectoryInvalidKey(publicKey);
        _keys[account] = CompressedKey(bytes32(publicKey[1:33]), uint8(publicKey[0]));
        emit EncryptionKeyPublished(account, publicKey);
    }

    function _transition(address provider, ProviderStatus from, ProviderStatus to) private {
        Provider storage entry = _providers[provider];
        if (entry.status != from) revert ParticipantDirectoryWrongStatus(provider, from, entry.status);
        entry.status = to;
    }

    /// @dev 33 bytes, prefix 0x02 or 0x03, x below the field prime and x^3 + 7 a quadratic residue (Euler).
    function _isCompressedPoint(bytes calldata publicKey) private view returns (bool) {
        if (publicKey.length != 33 || (publicKey[0] != 0x02 && publicKey[0] != 0x03)) return false;
        uint256 x = uint256(bytes32(publicKey[1:33]));
        if (x >= _FIELD_PRIME) return false;
        uint256 ySquared = addmod(mulmod(mulmod(x, x, _FIELD_PRIME), x, _FIELD_PRIME), 7, _FIELD_PRIME);
        return Math.modExp(ySquared, (_FIELD_PRIME - 1) / 2, _FIELD_PRIME) == 1;
    }
}
