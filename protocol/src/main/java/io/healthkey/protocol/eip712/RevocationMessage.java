package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Messages.epochSeconds;
import static io.healthkey.protocol.eip712.Eip712Messages.requireGrantee;
import static io.healthkey.protocol.eip712.Eip712Messages.requireNonZero;
import static io.healthkey.protocol.eip712.Eip712Messages.seconds;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidScopeException;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.Uint;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code IConsentRegistry.Revocation}: {@code patient} withdraws what {@code grantee} holds for {@code action} on
 * {@code scope}; the signature is valid until {@code deadline} and for the patient's {@code nonce} only.
 *
 * <p>Type: {@code Revocation(address patient,address grantee,bytes32 scope,uint8 action,uint256 nonce,
 * uint256 deadline)}.
 *
 * <p>Guarantees: as {@link GrantMessage}: a non-zero patient, a grantee that is neither zero nor the patient (no
 * grant can exist for them), a scope valid for the patient, a nonce within uint256, whole seconds.
 */
public record RevocationMessage(
        EthAddress patient,
        EthAddress grantee,
        Scope scope,
        Action action,
        BigInteger nonce,
        Instant deadline) implements ConsentMessage {

    public RevocationMessage {
        requireNonZero(patient, "patient");
        requireGrantee(patient, grantee);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(action, "action");
        if (!scope.isValidFor(patient)) {
            throw new InvalidScopeException("scope " + scope.toBytes32() + " is a record of another patient than " + patient);
        }
        Uint.require(nonce, 256, "nonce");
        deadline = seconds(deadline, "deadline");
    }

    Eip712Struct toStruct() {
        return new Eip712Struct("Revocation", List.of(
                Eip712Struct.address("patient", patient),
                Eip712Struct.address("grantee", grantee),
                Eip712Struct.bytes32("scope", scope.toBytes32()),
                Eip712Struct.uint("action", 8, BigInteger.valueOf(action.code())),
                Eip712Struct.uint("nonce", 256, nonce),
                Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
    }
}
