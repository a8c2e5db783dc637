package io.healthkey.protocol;

/**
 * PROTO-0004: a scope is neither all records, a category, nor a record of the patient: the value the contract
 * rejects with {@code ConsentRegistryInvalidScope}.
 */
public final class InvalidScopeException extends ProtocolException {
    public InvalidScopeException(String message) {
        super("PROTO-0004", message);
    }
}
