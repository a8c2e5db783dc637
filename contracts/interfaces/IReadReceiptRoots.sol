// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Read receipt roots
/// @notice The backend logs every attempt to read a record (allowed or denied) and commits to batches of
/// those read receipts with Merkle roots published here, numbered 1, 2, 3, ... without gaps. A patient who
/// holds a receipt and its proof checks it against the root of its batch. Leaves are hashes of receipts
/// (docs/FORMAT.md): no health data, not even the receipts themselves, is on chain.
interface IReadReceiptRoots {
    /// @notice One published batch. `firstReadId` and `lastReadId` bound the backend's read ids it holds.
    struct Batch {
        bytes32 root;
        uint64 leafCount;
        uint64 firstReadId;
        uint64 lastReadId;
        uint64 publishedAt;
    }

    /// @notice Batches are published in order: `given` is not the next number, `expected` is.
    error ReadReceiptRootsUnexpectedBatch(uint64 expected, uint64 given);
    /// @notice The root is zero, or the batch holds no leaves.
    error ReadReceiptRootsEmptyBatch(bytes32 root, uint64 leafCount);
    /// @notice The read id range is reversed or too narrow to hold `leafCount` distinct ids.
    error ReadReceiptRootsInvalidRange(uint64 firstReadId, uint64 lastReadId, uint64 leafCount);
    /// @notice No batch numbered `batch` has been published.
    error ReadReceiptRootsUnknownBatch(uint64 batch);

    /// @notice Emitted when the root of batch `batch` is published.
    event ReadReceiptRootPublished(
        uint64 indexed batch, bytes32 root, uint64 leafCount, uint64 firstReadId, uint64 lastReadId
    );

    /// @notice Publishes the Merkle root of batch `batch` of read receipts.
    /// Requirements: caller has `ANCHORER_ROLE`; `batch` is {batchCount} + 1; `root` non-zero;
    /// `leafCount` > 0; `firstReadId` <= `lastReadId` and the range holds `leafCount` ids.
    /// Emits {ReadReceiptRootPublished}.
    function publish(uint64 batch, bytes32 root, uint64 leafCount, uint64 firstReadId, uint64 lastReadId)
        external;

    /// @notice How many batches have been published; also the number of the last one (0: none).
    function batchCount() external view returns (uint64);

    /// @notice The published batch `batch`. Requirements: 1 <= `batch` <= {batchCount}.
    function batchOf(uint64 batch) external view returns (Batch memory);

    /// @notice Whether `leaf` (a double-hashed receipt, docs/FORMAT.md) is in batch `batch` by `proof`
    /// (OpenZeppelin MerkleProof, sorted pairs). Requirements: `batch` is published.
    function verify(uint64 batch, bytes32 leaf, bytes32[] calldata proof) external view returns (bool);
}
