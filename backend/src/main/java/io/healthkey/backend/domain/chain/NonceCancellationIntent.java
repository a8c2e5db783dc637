package io.healthkey.backend.domain.chain;

import java.math.BigInteger;
import java.util.Objects;

import io.healthkey.protocol.eip712.CancelNoncesMessage;

/**
 * An accepted nonce cancellation: it uses the patient's {@code nonce}, then moves their next nonce to
 * {@code newNonce}, so that no message signed with a nonce from {@code nonce} up to {@code newNonce} (excluded) can
 * land once it is on chain (the patient is the request's).
 */
public record NonceCancellationIntent(BigInteger nonce, BigInteger newNonce) implements Intent {

    public NonceCancellationIntent {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(newNonce, "newNonce");
        if (newNonce.compareTo(nonce) <= 0) {
            throw new IllegalArgumentException("newNonce " + newNonce + " is not after nonce " + nonce);
        }
    }

    public static NonceCancellationIntent of(CancelNoncesMessage cancellation) {
        return new NonceCancellationIntent(cancellation.nonce(), cancellation.newNonce());
    }

    /** Whether a message signed with {@code signedWith} is void once this cancellation is on chain. */
    public boolean voids(BigInteger signedWith) {
        return signedWith.compareTo(nonce) >= 0 && signedWith.compareTo(newNonce) < 0;
    }

    @Override
    public boolean suits(RelayKind kind) {
        return kind == RelayKind.NONCE_CANCELLATION;
    }
}
