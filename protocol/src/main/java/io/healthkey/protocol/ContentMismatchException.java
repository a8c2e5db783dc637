package io.healthkey.protocol;

/** PROTO-0009: a block's bytes do not hash to the CID they were fetched by: altered, truncated or substituted. */
public final class ContentMismatchException extends ProtocolException {
    public ContentMismatchException(String message) {
        super("PROTO-0009", message);
    }
}
