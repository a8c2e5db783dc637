package io.healthkey.protocol.receipt;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.web3j.crypto.Hash;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.RecordId;

/**
 * One attempt to read a record, as committed to by a batch root on chain (docs/FORMAT.md, "Read receipts").
 *
 * <p>Security guarantees: the {@link #leafHash()} is OpenZeppelin's StandardMerkleTree leaf for the ABI types
 * {@code (bytes32,uint64,address,address,bytes32,uint64,bool,uint64)}: {@code keccak256(keccak256(abi.encode(...)))},
 * so it can never equal an inner node (64 bytes hashed once), and {@link MerkleProofs#verify} only ever takes a
 * receipt, never a bare hash. The random {@code salt} keeps the other fields, all of low entropy, from being guessed
 * by whoever sees the leaf hash as a sibling in someone else's proof.
 *
 * @param salt 32 random bytes drawn when the receipt is batched
 * @param readId the backend's id of the read (or of the aggregate of denied reads), unique
 * @param record the record read; for an aggregate, the first one asked for in its window
 * @param readAt when the read was attempted, in Unix seconds; for an aggregate, the first attempt of its window
 * @param count how many reads the receipt stands for: 1, or the denied reads aggregated in one window
 */
public record ReadReceipt(Bytes32 salt, long readId, EthAddress patient, EthAddress reader, RecordId record,
        long readAt, boolean allowed, long count) {

    /** The leaf's ABI types, in order, as given to {@code StandardMerkleTree.of(values, types)}. */
    public static final String[] LEAF_TYPES =
            {"bytes32", "uint64", "address", "address", "bytes32", "uint64", "bool", "uint64"};

    private static final int WORDS = LEAF_TYPES.length;

    public ReadReceipt {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(record, "record");
        if (readId < 0) {
            throw new InvalidValueException("readId must be a uint64 below 2^63: " + readId);
        }
        if (readAt < 0) {
            throw new InvalidValueException("readAt must not be before 1970: " + readAt);
        }
        if (count < 1) {
            throw new InvalidValueException("a receipt stands for at least one read: " + count);
        }
        if (allowed && count != 1) {
            throw new InvalidValueException("only denied reads are aggregated: " + count + " allowed reads");
        }
        if (!record.patient().equals(patient)) {
            throw new InvalidValueException("record " + record + " is not a record of patient " + patient);
        }
    }

    /** One read, not an aggregate: {@code count} 1. */
    public ReadReceipt(Bytes32 salt, long readId, EthAddress patient, EthAddress reader, RecordId record, long readAt,
            boolean allowed) {
        this(salt, readId, patient, reader, record, readAt, allowed, 1);
    }

    /** {@code abi.encode(salt, readId, patient, reader, record, readAt, allowed, count)}: eight 32-byte words. */
    public byte[] abiEncode() {
        ByteBuffer out = ByteBuffer.allocate(WORDS * 32);
        out.put(salt.toBytes());
        out.put(uint(readId));
        out.put(patient.toWord());
        out.put(reader.toWord());
        out.put(record.toBytes32().toBytes());
        out.put(uint(readAt));
        out.put(uint(allowed ? 1 : 0));
        out.put(uint(count));
        return out.array();
    }

    /** The Merkle leaf: {@code keccak256(keccak256(abiEncode()))}. */
    public Bytes32 leafHash() {
        return Bytes32.fromBytes(Hash.sha3(Hash.sha3(abiEncode())));
    }

    private static byte[] uint(long value) {
        return ByteBuffer.allocate(32).putLong(24, value).array();
    }
}
