package io.healthkey.protocol;

/**
 * PROTO-0005: a signature that OpenZeppelin's {@code ECDSA.tryRecover} would refuse: not 65 bytes, {@code v} not
 * 27 or 28, {@code r} or {@code s} out of range, {@code s} in the upper half of the curve order (malleable), or
 * no public key recovers from it.
 */
public final class InvalidSignatureException extends ProtocolException {
    public InvalidSignatureException(String message) {
        super("PROTO-0005", message);
    }
}
