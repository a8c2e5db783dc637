package io.healthkey.protocol;

/**
 * PROTO-0008: a ciphertext (an ECIES-wrapped record key or ECIES payload) does not open with the private key it
 * was tried with: made for another key, altered, truncated or extended, of the wrong length, or carrying an
 * ephemeral key that is not an uncompressed secp256k1 point.
 *
 * <p>Every one of these causes gives the same message and no detail (which cause, which byte), so that the
 * exception is no oracle for an attacker probing a decrypting service. The message never contains key material.
 */
public final class DecryptionFailedException extends ProtocolException {

    /** The one message of this exception, whatever the cause. */
    public static final String MESSAGE = "ciphertext does not open with this private key";

    public DecryptionFailedException() {
        super("PROTO-0008", MESSAGE);
    }
}
