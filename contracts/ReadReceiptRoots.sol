// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IReadReceiptRoots} from "./interfaces/IReadReceiptRoots.sol";

/// @title Read receipt roots
/// @notice See {IReadReceiptRoots}. The explicit batch number makes a publish idempotent: a resent
/// transaction for a batch already on chain reverts instead of publishing it twice. The batch counter and the
/// next read id share one storage slot, so chaining the ranges costs no extra storage write.
contract ReadReceiptRoots is IReadReceiptRoots, AccessControl {
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    uint64 private _batchCount;
    uint64 private _nextReadId = 1;
    mapping(uint64 batch => Batch) private _batches;

    constructor(address admin, address anchorer) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ANCHORER_ROLE, anchorer);
    }

    function publish(uint64 batch, bytes32 root, uint64 leafCount, uint64 firstReadId, uint64 lastReadId)
        external
        onlyRole(ANCHORER_ROLE)
    {
        uint64 expected = _batchCount + 1;
        if (batch != expected) revert ReadReceiptRootsUnexpectedBatch(expected, batch);
        if (root == bytes32(0) || leafCount == 0) revert ReadReceiptRootsEmptyBatch(root, leafCount);
        if (firstReadId != _nextReadId) revert ReadReceiptRootsBrokenChain(_nextReadId, firstReadId);
        if (firstReadId > lastReadId || lastReadId - firstReadId < leafCount - 1 || lastReadId == type(uint64).max) {
            revert ReadReceiptRootsInvalidRange(firstReadId, lastReadId, leafCount);
        }
        _batchCount = batch;
        _nextReadId = lastReadId + 1;
        _batches[batch] = Batch(root, leafCount, firstReadId, lastReadId, uint64(block.timestamp));
        emit ReadReceiptRootPublished(batch, root, leafCount, firstReadId, lastReadId);
    }

    function batchCount() external view returns (uint64) {
        return _batchCount;
    }

    function nextReadId() external view returns (uint64) {
        return _nextReadId;
    }

    function batchOf(uint64 batch) public view returns (Batch memory) {
        if (batch == 0 || batch > _batchCount) revert ReadReceiptRootsUnknownBatch(batch);
        return _batches[batch];
    }

    function leafOf(ReadReceipt calldata receipt) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(receipt))));
    }

    function verify(uint64 batch, ReadReceipt calldata receipt, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        Batch memory published = batchOf(batch);
        if (receipt.readId < published.firstReadId || receipt.readId > published.lastReadId) return false;
        return MerkleProof.verifyCalldata(proof, published.root, leafOf(receipt));
    }
}
