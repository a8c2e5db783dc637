package io.healthkey.protocol.account;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.InvalidSignatureException;

/**
 * An ERC-6492 signature: {@code abi.encode(address factory, bytes factoryCalldata, bytes signature) ‖ magic}, the
 * magic being 32 bytes of {@code 0x6492}. The account it is for does not exist yet; calling {@code factory} with
 * {@code factoryCalldata} deploys it, and {@link #signature()} is then its ordinary (ERC-1271) signature.
 *
 * <p>Guarantees: only the canonical ABI encoding is read (head offsets {@code 0x60} and right after the first
 * tail, zero padding, nothing after the second tail; no wrapper inside), so that this class and Solidity's {@code abi.decode} always
 * read the same factory, calldata and signature out of the same bytes. The inner signature is not empty.
 */
public record Erc6492Signature(EthAddress factory, byte[] factoryCalldata, AccountSignature signature) {

    /** The 32-byte suffix that marks an ERC-6492 signature. */
    public static final byte[] MAGIC = Hex.decode("0x" + "6492".repeat(16), 32, "ERC-6492 magic");

    private static final int WORD = 32;

    public Erc6492Signature {
        Objects.requireNonNull(factory, "factory");
        factoryCalldata = factoryCalldata.clone();
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public byte[] factoryCalldata() {
        return factoryCalldata.clone();
    }

    /** The canonical encoding and the magic. */
    public byte[] toBytes() {
        byte[] inner = signature.toBytes();
        int calldataTail = WORD + padded(factoryCalldata.length);
        byte[] out = new byte[3 * WORD + calldataTail + WORD + padded(inner.length) + WORD];
        System.arraycopy(factory.toWord(), 0, out, 0, WORD);
        word(out, WORD, 3 * WORD);
        word(out, 2 * WORD, 3 * WORD + calldataTail);
        word(out, 3 * WORD, factoryCalldata.length);
        System.arraycopy(factoryCalldata, 0, out, 4 * WORD, factoryCalldata.length);
        int innerAt = 3 * WORD + calldataTail;
        word(out, innerAt, inner.length);
        System.arraycopy(inner, 0, out, innerAt + WORD, inner.length);
        System.arraycopy(MAGIC, 0, out, out.length - WORD, WORD);
        return out;
    }

    /** As an {@link AccountSignature}; the wrapper must fit within {@link AccountSignature#MAX_BYTES}. */
    public AccountSignature toAccountSignature() {
        return AccountSignature.fromBytes(toBytes());
    }

    /** Null when {@code bytes} do not end in the magic. */
    static Erc6492Signature unwrap(byte[] bytes) {
        if (bytes.length < WORD || !Arrays.equals(bytes, bytes.length - WORD, bytes.length, MAGIC, 0, WORD)) {
            return null;
        }
        byte[] encoded = Arrays.copyOf(bytes, bytes.length - WORD);
        if (encoded.length < 5 * WORD) {
            throw malformed("shorter than its head and two lengths");
        }
        if (!isZero(encoded, 0, 12)) {
            throw malformed("factory is not an address");
        }
        EthAddress factory = EthAddress.fromBytes(Arrays.copyOfRange(encoded, 12, WORD));
        byte[] calldata = tail(encoded, WORD, 3 * WORD);
        int innerAt = 3 * WORD + WORD + padded(calldata.length);
        byte[] inner = tail(encoded, 2 * WORD, innerAt);
        if (encoded.length != innerAt + WORD + padded(inner.length)) {
            throw malformed("has bytes after its last field");
        }
        if (inner.length == 0) {
            throw malformed("wraps an empty signature");
        }
        AccountSignature signature = AccountSignature.fromBytes(inner);
        if (signature.erc6492().isPresent()) {
            throw malformed("wraps another ERC-6492 signature");
        }
        return new Erc6492Signature(factory, calldata, signature);
    }

    /** The bytes of the tail whose offset is at {@code headAt}, which must point at {@code expectedAt}. */
    private static byte[] tail(byte[] encoded, int headAt, int expectedAt) {
        if (!isWord(encoded, headAt, expectedAt)) {
            throw malformed("is not in canonical ABI encoding");
        }
        if (encoded.length < expectedAt + WORD) {
            throw malformed("is truncated");
        }
        BigInteger length = new BigInteger(1, Arrays.copyOfRange(encoded, expectedAt, expectedAt + WORD));
        if (length.compareTo(BigInteger.valueOf(encoded.length - expectedAt - WORD)) > 0) {
            throw malformed("is truncated");
        }
        int start = expectedAt + WORD;
        int end = start + length.intValueExact();
        if (encoded.length < start + padded(end - start) || !isZero(encoded, end, start + padded(end - start))) {
            throw malformed("has non-zero padding");
        }
        return Arrays.copyOfRange(encoded, start, end);
    }

    private static boolean isWord(byte[] encoded, int at, int value) {
        return isZero(encoded, at, at + WORD - 4)
                && new BigInteger(1, Arrays.copyOfRange(encoded, at + WORD - 4, at + WORD)).intValue() == value;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void word(byte[] out, int at, int value) {
        byte[] big = BigInteger.valueOf(value).toByteArray();
        int length = Math.min(big.length, 4);
        System.arraycopy(big, big.length - length, out, at + WORD - length, length);
    }

    private static int padded(int length) {
        return (length + WORD - 1) / WORD * WORD;
    }

    private static InvalidSignatureException malformed(String why) {
        return new InvalidSignatureException("ERC-6492 signature " + why);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Erc6492Signature that && factory.equals(that.factory)
                && Arrays.equals(factoryCalldata, that.factoryCalldata) && signature.equals(that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(factory, Arrays.hashCode(factoryCalldata), signature);
    }

    @Override
    public String toString() {
        return "Erc6492Signature[factory=" + factory + ", calldata " + factoryCalldata.length + " bytes, signature "
                + signature.length() + " bytes]";
    }
}
