package io.healthkey.protocol;

import java.util.HexFormat;

/** Strict {@code 0x}-prefixed hex, the only text form of bytes this module reads or writes. */
public final class Hex {

    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {
    }

    /** {@code 0x} followed by two lowercase hex digits per byte; {@code "0x"} for no bytes. */
    public static String encode(byte[] bytes) {
        return "0x" + LOWER.formatHex(bytes);
    }

    /**
     * Decodes {@code 0x}-prefixed hex of any even length (either case).
     *
     * @throws MalformedEncodingException if the prefix is missing, the length is odd or a digit is not hex
     */
    public static byte[] decode(String text, String what) {
        if (text == null) {
            throw new MalformedEncodingException(what + " is missing");
        }
        if (!text.startsWith("0x")) {
            throw new MalformedEncodingException(what + " must start with 0x: " + abbreviate(text));
        }
        String digits = text.substring(2);
        if (digits.length() % 2 != 0) {
            throw new MalformedEncodingException(what + " has an odd number of hex digits: " + abbreviate(text));
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new MalformedEncodingException(what + " has a non-hex digit: " + abbreviate(text));
            }
        }
        return LOWER.parseHex(digits);
    }

    /** Like {@link #decode(String, String)}, and requires exactly {@code length} bytes. */
    public static byte[] decode(String text, int length, String what) {
        byte[] bytes = decode(text, what);
        if (bytes.length != length) {
            throw new MalformedEncodingException(
                    what + " must be " + length + " bytes, got " + bytes.length + ": " + abbreviate(text));
        }
        return bytes;
    }

    static String abbreviate(String text) {
        return text.length() <= 140 ? text : text.substring(0, 140) + "...";
    }
}
