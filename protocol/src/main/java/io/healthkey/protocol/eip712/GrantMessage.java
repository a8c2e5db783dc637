package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Messages.epochSeconds;
import static io.healthkey.protocol.eip712.Eip712Messages.requireGrantee;
import static io.healthkey.protocol.eip712.Eip712Messages.requireNonZero;
import static io.healthkey.protocol.eip712.Eip712Messages.seconds;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidScopeException;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.Uint;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code IConsentRegistry.Grant}: {@code patient} lets {@code grantee} take {@code action} on {@code scope} for
 * {@code purpose} until {@code expiresAt}; the signature is valid until {@code deadline} and for the patient's
 * {@code nonce} only.
 *
 * <p>Type: {@code Grant(address patient,address grantee,bytes32 scope,uint8 action,uint16 purpose,uint64 expiresAt,
 * uint256 nonce,uint256 deadline)}.
 *
 * <p>Guarantees: refuses at construction what the contract would refuse whatever the chain's state: a zero
 * patient, a grantee that is zero or the patient, a record scope of another patient, a nonce outside uint256.
 * Instants are truncated to whole Unix seconds. Time-dependent checks ({@code expiresAt} in the future,
 * {@code deadline} not passed, the next nonce) are the contract's.
 */
public record GrantMessage(
        EthAddress patient,
        EthAddress grantee,
        Scope scope,
        Action action,
        Purpose purpose,
        Instant expiresAt,
        BigInteger nonce,
        Instant deadline) implements ConsentMessage {

    public GrantMessage {
        requireNonZero(patient, "patient");
        requireGrantee(patient, grantee);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(purpose, "purpose");
        if (!scope.isValidFor(patient)) {
            throw new InvalidScopeException("scope " + scope.toBytes32() + " is a record of another patient than " + patient);
        }
        expiresAt = seconds(expiresAt, "expiresAt");
        Uint.require(epochSeconds(expiresAt), 64, "expiresAt");
        Uint.require(nonce, 256, "nonce");
        deadline = seconds(deadline, "deadline");
    }

    Eip712Struct toStruct() {
        return new Eip712Struct("Grant", List.of(
                Eip712Struct.address("patient", patient),
                Eip712Struct.address("grantee", grantee),
                Eip712Struct.bytes32("scope", scope.toBytes32()),
                Eip712Struct.uint("action", 8, BigInteger.valueOf(action.code())),
                Eip712Struct.uint("purpose", 16, BigInteger.valueOf(purpose.code())),
                Eip712Struct.uint("expiresAt", 64, epochSeconds(expiresAt)),
                Eip712Struct.uint("nonce", 256, nonce),
                Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
    }
}
