package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Messages.epochSeconds;
import static io.healthkey.protocol.eip712.Eip712Messages.requireNonZero;
import static io.healthkey.protocol.eip712.Eip712Messages.seconds;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.Uint;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * {@code IConsentRegistry.CancelNonces}: {@code patient} moves their nonce to {@code newNonce}, so that every grant
 * or revocation they signed with a nonce below it can never be used; the message itself uses {@code nonce}, and its
 * signature is valid until {@code deadline}.
 *
 * <p>Type: {@code CancelNonces(address patient,uint256 newNonce,uint256 nonce,uint256 deadline)}.
 *
 * <p>Guarantees: refuses at construction what the contract would refuse whatever the chain's state: a zero patient,
 * a nonce outside uint256, a {@code newNonce} that is not after {@code nonce} or is more than
 * {@link #MAX_NONCE_JUMP} after it. Instants are truncated to whole Unix seconds.
 */
public record CancelNoncesMessage(
        EthAddress patient,
        BigInteger newNonce,
        BigInteger nonce,
        Instant deadline) implements ConsentMessage {

    /** {@code ConsentRegistry.MAX_NONCE_JUMP}: the most one cancellation may move a nonce forward. */
    public static final BigInteger MAX_NONCE_JUMP = BigInteger.TWO.pow(32);

    public CancelNoncesMessage {
        requireNonZero(patient, "patient");
        Uint.require(nonce, 256, "nonce");
        Uint.require(newNonce, 256, "newNonce");
        BigInteger jump = newNonce.subtract(nonce);
        if (jump.signum() <= 0 || jump.compareTo(MAX_NONCE_JUMP) > 0) {
            throw new InvalidValueException("newNonce must be after nonce " + nonce + ", by at most "
                    + MAX_NONCE_JUMP);
        }
        deadline = seconds(deadline, "deadline");
    }

    Eip712Struct toStruct() {
        return new Eip712Struct("CancelNonces", List.of(
                Eip712Struct.address("patient", patient),
                Eip712Struct.uint("newNonce", 256, newNonce),
                Eip712Struct.uint("nonce", 256, nonce),
                Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
    }
}
