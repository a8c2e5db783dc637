package io.healthkey.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.web3j.crypto.Hash;

/**
 * A 20-byte Ethereum account address.
 *
 * <p>Guarantees: exactly 20 bytes; {@link #parse} accepts all-lowercase or all-uppercase hex, and mixed case only
 * when it matches its EIP-55 checksum, so that a mistyped address is caught instead of losing access to records;
 * {@link #toString()} is always the EIP-55 checksummed form.
 */
public final class EthAddress {

    /** The zero address, which is never a patient, grantee or signer. */
    public static final EthAddress ZERO = new EthAddress(new byte[20]);

    private final byte[] bytes;
    /**
     * The EIP-55 form, computed on first use: it costs a Keccak-256, and the event index writes the same address in
     * several columns of many rows. A String is immutable, so a racing first use at worst computes it twice.
     */
    private String checksummed;

    private EthAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws MalformedEncodingException unless {@code bytes} has exactly 20 bytes */
    public static EthAddress fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != 20) {
            throw new MalformedEncodingException(
                    "address must be 20 bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return new EthAddress(bytes.clone());
    }

    /**
     * Parses {@code 0x} followed by 40 hex digits.
     *
     * @throws MalformedEncodingException if the text is not that shape
     * @throws ChecksumMismatchException if the digits mix cases and do not match their EIP-55 checksum
     */
    public static EthAddress parse(String text) {
        EthAddress address = new EthAddress(Hex.decode(text, 20, "address"));
        String digits = text.substring(2);
        boolean mixedCase = !digits.equals(digits.toLowerCase()) && !digits.equals(digits.toUpperCase());
        if (mixedCase && !address.toString().equals(text)) {
            throw new ChecksumMismatchException(
                    "address " + text + " fails its EIP-55 checksum; did you mean " + address + "?");
        }
        return address;
    }

    /** A copy of the 20 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    /** {@code 0x} followed by 40 lowercase hex digits. */
    public String toLowerHex() {
        return Hex.encode(bytes);
    }

    /** The 32-byte ABI word: 12 zero bytes, then the address. */
    public byte[] toWord() {
        byte[] word = new byte[32];
        System.arraycopy(bytes, 0, word, 12, 20);
        return word;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EthAddress that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The EIP-55 checksummed form, e.g. {@code 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266}. */
    @Override
    public String toString() {
        String text = checksummed;
        if (text == null) {
            text = checksum();
            checksummed = text;
        }
        return text;
    }

    private String checksum() {
        String lower = HexFormat.of().formatHex(bytes);
        byte[] hash = Hash.sha3(lower.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            int nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0x0f;
            out.append(nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}
