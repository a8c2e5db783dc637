// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Read receipt roots
/// @notice The backend logs every attempt to read a record (allowed or denied) and commits to batches of
/// those read receipts with Merkle roots published here, numbered 1, 2, 3, ... without gaps. The batches' read
/// id ranges chain too: batch 1 starts at read id 1 and each next batch starts right after the last one ends, so
/// no read id is in two batches and none falls between them. A patient who holds a receipt and its proof checks
/// it against the root of its batch. Leaves are double hashes of receipts (docs/FORMAT.md): no health data, not
/// even the receipts themselves, is on chain.
interface IReadReceiptRoots {
    /// @notice One published batch. It commits to every read id from `firstReadId` to `lastReadId`.
    struct Batch {
        bytes32 root;
        uint64 leafCount;
        uint64 firstReadId;
        uint64 lastReadId;
        uint64 publishedAt;
    }

    /// @notice One leaf: a read, or `count` denied reads aggregated into one (docs/FORMAT.md, "Leaf").
    struct ReadReceipt {
        bytes32 salt;
        uint64 readId;
        address patient;
        address reader;
        bytes32 recordId;
        uint64 readAt;
        bool allowed;
        uint64 count;
    }

    /// @notice Batches are published in order: `given` is not the next number, `expected` is.
    error ReadReceiptRootsUnexpectedBatch(uint64 expected, uint64 given);
    /// @notice The root is zero, or the batch holds no leaves.
    error ReadReceiptRootsEmptyBatch(bytes32 root, uint64 leafCount);
    /// @notice The read id range is reversed or too narrow to hold `leafCount` distinct ids.
    error ReadReceiptRootsInvalidRange(uint64 firstReadId, uint64 lastReadId, uint64 leafCount);
    /// @notice The batch does not start right after the previous one: `given` would leave a gap or overlap,
    /// `expected` is the read id after the previous batch's last (1 for the first batch).
    error ReadReceiptRootsBrokenChain(uint64 expected, uint64 given);
    /// @notice No batch numbered `batch` has been published.
    error ReadReceiptRootsUnknownBatch(uint64 batch);

    /// @notice Emitted when the root of batch `batch` is published.
    event ReadReceiptRootPublished(
        uint64 indexed batch, bytes32 root, uint64 leafCount, uint64 firstReadId, uint64 lastReadId
    );

    /// @notice Publishes the Merkle root of batch `batch` of read receipts.
    /// Requirements: caller has `ANCHORER_ROLE`; `batch` is {batchCount} + 1; `root` non-zero;
    /// `leafCount` > 0; `firstReadId` is {nextReadId}; `firstReadId` <= `lastReadId` and the range holds
    /// `leafCount` ids. Emits {ReadReceiptRootPublished}.
    function publish(uint64 batch, bytes32 root, uint64 leafCount, uint64 firstReadId, uint64 lastReadId)
        external;

    /// @notice How many batches have been published; also the number of the last one (0: none).
    function batchCount() external view returns (uint64);

    /// @notice The read id the next batch must start at: 1, then the last batch's `lastReadId` + 1.
    function nextReadId() external view returns (uint64);

    /// @notice The published batch `batch`. Requirements: 1 <= `batch` <= {batchCount}.
    function batchOf(uint64 batch) external view returns (Batch memory);

    /// @notice The Merkle leaf of `receipt`: `keccak256(bytes.concat(keccak256(abi.encode(receipt))))`, the leaf
    /// of OpenZeppelin's StandardMerkleTree. A leaf is always the double hash of eight words, an inner node the
    /// single hash of two: neither can pass for the other.
    function leafOf(ReadReceipt calldata receipt) external pure returns (bytes32);

    /// @notice Whether `receipt` is in batch `batch` by `proof` (OpenZeppelin MerkleProof, sorted pairs). Takes
    /// the receipt's fields, never a hash, and hashes them itself: an inner node of the tree cannot be passed
    /// off as a leaf. False for a receipt whose read id is outside the batch's range.
    /// Requirements: `batch` is published.
    function verify(uint64 batch, ReadReceipt calldata receipt, bytes32[] calldata proof)
        external
        view
        returns (bool);
}
