package io.healthkey.protocol;

/** PROTO-0002: a mixed-case address does not match its EIP-55 checksum (probably a typo). */
public final class ChecksumMismatchException extends ProtocolException {
    public ChecksumMismatchException(String message) {
        super("PROTO-0002", message);
    }
}
