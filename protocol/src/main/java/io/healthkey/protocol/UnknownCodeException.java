package io.healthkey.protocol;

/** PROTO-0006: a numeric or textual code is not in the table it must come from (actions, purposes, categories). */
public final class UnknownCodeException extends ProtocolException {
    public UnknownCodeException(String message) {
        super("PROTO-0006", message);
    }
}
