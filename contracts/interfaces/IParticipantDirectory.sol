// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Participant directory
/// @notice Every participant publishes the secp256k1 public key that record keys are wrapped for.
/// Providers (clinics, doctors) are accredited by an account holding `ACCREDITOR_ROLE` and can be
/// suspended. Holds no health data: only addresses, public keys, names of providers and hashes.
interface IParticipantDirectory {
    enum ProviderStatus {
        None,
        Active,
        Suspended
    }

    struct Provider {
        string name;
        bytes32 licenceHash;
        ProviderStatus status;
        uint64 accreditedAt;
    }

    /// @notice EIP-712 message by which `account` publishes `publicKey` through a relayer.
    struct KeyPublication {
        address account;
        bytes publicKey;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice `publicKey` is not a 33-byte compressed secp256k1 point (prefix 0x02 or 0x03).
    error ParticipantDirectoryInvalidKey(bytes publicKey);
    /// @notice The signature over a {KeyPublication} was not made by `account`; `signer` is what it recovers to.
    error ParticipantDirectoryInvalidSigner(address account, address signer);
    /// @notice The signed message's `deadline` has passed.
    error ParticipantDirectoryExpiredSignature(uint256 deadline);
    /// @notice The signed message's nonce is not the account's next nonce (replayed or out of order).
    error ParticipantDirectoryInvalidNonce(address account, uint256 expected, uint256 given);
    /// @notice `provider` is the zero address, or is already accredited (active or suspended).
    error ParticipantDirectoryInvalidProvider(address provider);
    /// @notice The provider's display name is empty or longer than 128 bytes.
    error ParticipantDirectoryInvalidName();
    /// @notice The operation needs `provider` in state `expected`, but it is in `actual`.
    error ParticipantDirectoryWrongStatus(address provider, ProviderStatus expected, ProviderStatus actual);

    /// @notice Emitted when `account` publishes (or replaces) its encryption public key.
    event EncryptionKeyPublished(address indexed account, bytes publicKey);
    /// @notice Emitted when `provider` is accredited with a display name and a hash of its licence id.
    event ProviderAccredited(address indexed provider, string name, bytes32 licenceHash);
    /// @notice Emitted when `provider` is suspended; `reason` is a code from docs/CODES.md.
    event ProviderSuspended(address indexed provider, uint16 reason);
    /// @notice Emitted when a suspended `provider` is reinstated.
    event ProviderReinstated(address indexed provider);

    /// @notice Publishes the caller's encryption public key, replacing any earlier one.
    /// Requirements: `publicKey` is a compressed secp256k1 point. Emits {EncryptionKeyPublished}.
    function publishEncryptionKey(bytes calldata publicKey) external;

    /// @notice Publishes `publication.publicKey` for `publication.account` with its EIP-712 signature
    /// (ERC-1271 for contract accounts); anyone may relay it.
    /// Requirements: valid key, signature by the account, its next nonce, `deadline` not passed.
    /// Emits {EncryptionKeyPublished}.
    function publishEncryptionKeyBySig(KeyPublication calldata publication, bytes calldata signature) external;

    /// @notice Accredits `provider`. Requirements: caller has `ACCREDITOR_ROLE`; `provider` is new;
    /// `name` is 1 to 128 bytes. Emits {ProviderAccredited}.
    function accredit(address provider, string calldata name, bytes32 licenceHash) external;

    /// @notice Suspends an active provider. Requirements: caller has `ACCREDITOR_ROLE`. Emits {ProviderSuspended}.
    function suspend(address provider, uint16 reason) external;

    /// @notice Reinstates a suspended provider. Requirements: caller has `ACCREDITOR_ROLE`. Emits {ProviderReinstated}.
    function reinstate(address provider) external;

    /// @notice The encryption public key `account` published, or empty bytes.
    function encryptionKeyOf(address account) external view returns (bytes memory);

    /// @notice The provider entry of `provider` (status `None` if never accredited).
    function providerOf(address provider) external view returns (Provider memory);

    /// @notice The status of `provider`: cheaper than {providerOf} for contracts.
    function providerStatus(address provider) external view returns (ProviderStatus);
}
