package io.healthkey.protocol;

/**
 * PROTO-0003: a well-formed value breaks a rule of the protocol: out of its Solidity type's range, zero where the
 * contract requires non-zero, a grantee equal to the patient, a message paired with the wrong contract's domain.
 */
public final class InvalidValueException extends ProtocolException {
    public InvalidValueException(String message) {
        super("PROTO-0003", message);
    }
}
