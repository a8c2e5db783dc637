package io.healthkey.backend.adapter.outbound.chain;

import java.util.HexFormat;

import io.healthkey.protocol.Bytes32;

/**
 * Static ABI words read straight from a log's hex text: topics and the head of its data. For events whose layout is
 * fixed (no dynamic types), this replaces web3j's generic decoder, which looks up types by reflection and hashes the
 * event signature again for every log. As strict as web3j: a value wider than its type is refused, not truncated.
 */
final class AbiWords {

    private static final int WORD_DIGITS = 64;
    private static final HexFormat HEX = HexFormat.of();

    private AbiWords() {
    }

    /** A topic or data word holding an {@code address}: 12 zero bytes, then the 20 address bytes. */
    static byte[] address(String word) {
        String digits = digits(word, 0, "address word");
        requireZeros(digits, 0, WORD_DIGITS - 40, "address word");
        return HEX.parseHex(digits, WORD_DIGITS - 40, WORD_DIGITS);
    }

    /** A {@code bytes32} topic. */
    static Bytes32 bytes32(String word) {
        return Bytes32.parse("0x" + digits(word, 0, "bytes32 word"));
    }

    /**
     * Word {@code index} of {@code data} as an unsigned integer of {@code bits} (8 to 64) bits.
     *
     * @return the value; for 64 bits, a value above {@link Long#MAX_VALUE} comes back negative, as from
     *         {@link Long#parseUnsignedLong}
     */
    static long uint(String data, int index, int bits) {
        if (bits < 8 || bits > 64 || bits % 8 != 0) {
            throw new IllegalArgumentException("uint" + bits + " is not read here");
        }
        String digits = digits(data, index, "uint" + bits + " word");
        int valueDigits = bits / 4;
        requireZeros(digits, 0, WORD_DIGITS - valueDigits, "uint" + bits + " word");
        return Long.parseUnsignedLong(digits, WORD_DIGITS - valueDigits, WORD_DIGITS, 16);
    }

    /** The number of whole words in {@code data} ({@code 0x} and 64 hex digits each). */
    static int count(String data) {
        if (data == null || !data.startsWith("0x") || (data.length() - 2) % WORD_DIGITS != 0) {
            throw new IllegalArgumentException("log data is not whole ABI words: " + abbreviate(data));
        }
        return (data.length() - 2) / WORD_DIGITS;
    }

    /** A block number or log index as JSON-RPC writes it: {@code 0x} and hex digits. */
    static long quantity(String text, String what) {
        if (text == null || !text.startsWith("0x") || text.length() < 3 || text.length() > 18) {
            throw new IllegalArgumentException(what + " is not a hex quantity: " + abbreviate(text));
        }
        long value = Long.parseUnsignedLong(text, 2, text.length(), 16);
        if (value < 0) {
            throw new IllegalArgumentException(what + " is out of range: " + text);
        }
        return value;
    }

    private static String digits(String text, int index, String what) {
        if (text == null || !text.startsWith("0x") || text.length() < 2 + (index + 1) * WORD_DIGITS) {
            throw new IllegalArgumentException(what + " " + index + " is missing: " + abbreviate(text));
        }
        String digits = text.substring(2 + index * WORD_DIGITS, 2 + (index + 1) * WORD_DIGITS);
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(what + " has a non-hex digit: " + abbreviate(text));
            }
        }
        return digits;
    }

    private static void requireZeros(String digits, int from, int to, String what) {
        for (int i = from; i < to; i++) {
            if (digits.charAt(i) != '0') {
                throw new IllegalArgumentException(what + " holds a value wider than its type: 0x" + digits);
            }
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 140 ? String.valueOf(text) : text.substring(0, 140) + "...";
    }
}
