package io.healthkey.protocol;

/**
 * Why a protocol value was refused. Every subtype carries a stable {@link #code()} ("PROTO-0001") that never
 * changes meaning once released: callers branch on the code or the type, never on the message. Messages name
 * the offending field and value but never contain private keys.
 */
public sealed abstract class ProtocolException extends RuntimeException
        permits MalformedEncodingException, ChecksumMismatchException, InvalidValueException,
                InvalidScopeException, InvalidSignatureException, UnknownCodeException, SignerMismatchException,
                DecryptionFailedException, ContentMismatchException,
                EnvelopeDecryptionException, ShareTransferRefusedException {

    private final String code;

    ProtocolException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The stable code of this kind of failure, e.g. {@code "PROTO-0001"}. */
    public final String code() {
        return code;
    }
}
