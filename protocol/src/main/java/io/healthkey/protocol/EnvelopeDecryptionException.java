package io.healthkey.protocol;

/**
 * PROTO-0020: bytes that are not an authentic record envelope for the given key and record id. One kind for every
 * cause, on purpose: a wrong key, a wrong record id, any altered bit (header included), a truncated or missing last
 * segment, data after the last segment, reordered or duplicated segments, and an unsupported version or segment
 * size. The message says which check failed (for logs) but never contains key or plaintext bytes.
 */
public final class EnvelopeDecryptionException extends ProtocolException {
    public EnvelopeDecryptionException(String message) {
        super("PROTO-0020", message);
    }
}
