package io.healthkey.protocol;

/** PROTO-0001: text or bytes do not have the required shape (missing {@code 0x}, non-hex digits, wrong length). */
public final class MalformedEncodingException extends ProtocolException {
    public MalformedEncodingException(String message) {
        super("PROTO-0001", message);
    }
}
