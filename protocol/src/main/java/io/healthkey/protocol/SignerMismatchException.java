package io.healthkey.protocol;

import java.util.Objects;

/**
 * PROTO-0007: a valid signature that recovers to an account other than the one that must sign: the case the
 * contracts reject with {@code ConsentRegistryInvalidSigner} or {@code ParticipantDirectoryInvalidSigner}.
 */
public final class SignerMismatchException extends ProtocolException {

    private final EthAddress expected;
    private final EthAddress actual;

    public SignerMismatchException(EthAddress expected, EthAddress actual) {
        super("PROTO-0007", "signature is by " + actual + ", not by " + expected);
        this.expected = Objects.requireNonNull(expected);
        this.actual = Objects.requireNonNull(actual);
    }

    /** The account that had to sign. */
    public EthAddress expected() {
        return expected;
    }

    /** The account the signature recovers to. */
    public EthAddress actual() {
        return actual;
    }
}
